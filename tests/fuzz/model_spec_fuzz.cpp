// libFuzzer target for the model spec parser: any text is a model with every parameter in its
// range, or std::invalid_argument saying why not; a spec it accepts reads back as itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "tester/emulator/device_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const midiloop::ModelConfig model = midiloop::parse_model_spec(text);
    if (midiloop::parse_model_spec(model.spec()).spec() != model.spec()) std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
