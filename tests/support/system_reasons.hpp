#pragma once
// The system's own words for a reason, which midiloop passes on: strerror's on POSIX,
// FormatMessage's on Windows (Wine words some of them differently from Windows).
#include <string>

namespace midiloop::testing {

// `text` contains the system's reason for a path whose folder does not exist.
inline bool says_path_is_missing(const std::string& text) {
  for (const char* reason : {"No such file or directory",                     // POSIX
                             "The system cannot find the path specified",     // Windows
                             "Path not found"}) {                             // Wine
    if (text.find(reason) != std::string::npos) return true;
  }
  return false;
}

}  // namespace midiloop::testing
