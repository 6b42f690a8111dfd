#pragma once
// What a spec parser (emulated model, host model) says about a bad spec, for tests that hold its
// messages word for word.
#include <stdexcept>
#include <string>

namespace midiloop::testing {

// The message of the std::invalid_argument `parse` throws for `spec`; "(no error)" if none.
template <class Parse>
std::string error_of(Parse parse, const std::string& spec) {
  try {
    parse(spec);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace midiloop::testing
