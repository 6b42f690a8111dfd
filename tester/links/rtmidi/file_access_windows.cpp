#include <io.h>

#include <filesystem>

#include "tester/links/rtmidi/file_access.hpp"

namespace midiloop {

// 06: read and write, as _waccess spells R_OK | W_OK. The path as Windows spells it (UTF-16).
bool readable_and_writable(const std::string& path) { return ::_waccess(std::filesystem::path(path).c_str(), 06) == 0; }

}  // namespace midiloop
