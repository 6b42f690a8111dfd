#include <unistd.h>

#include "tester/links/rtmidi/file_access.hpp"

namespace midiloop {

bool readable_and_writable(const std::string& path) { return ::access(path.c_str(), R_OK | W_OK) == 0; }

}  // namespace midiloop
