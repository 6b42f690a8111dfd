#pragma once
// Choosing a port by number or by a case-insensitive part of its name.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace midiloop {

// The user named a port that does not exist or that matches several: a usage error (exit 2).
class PortSelectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `direction` is "output" or "input", used in the message. Throws PortSelectionError listing
// the candidates when `selector` matches no port or more than one.
std::size_t select_port(const std::vector<std::string>& names, const std::string& selector, const std::string& direction);

}  // namespace midiloop
