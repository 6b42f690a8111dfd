#pragma once
// For reports/user_file.cpp alone: what it asks of the file system, one file per platform
// (user_file_posix.cpp, user_file_windows.cpp). The rules (which paths are refused, in which words)
// are user_file.cpp's; these say what the system has at a path.
#include <optional>
#include <string>

#include "reports/user_file.hpp"

namespace midiloop::user_file_system {

std::string quoted(const std::string& path);

// The same string for two spellings of one file (./a.json and a.json; a symlink and its target;
// on Windows A.json and a.json). Throws OutputPathError for what is there and is not a regular
// file, and for a folder that does not exist.
std::string identity_of(const OutputPath& output);

// The folder a write to `output` lands in (a symlink's target's).
std::string folder_of_target(const OutputPath& output);

// Why no file can be made in `folder`, or nothing when one can.
std::optional<std::string> folder_refuses(const std::string& folder);

}  // namespace midiloop::user_file_system
