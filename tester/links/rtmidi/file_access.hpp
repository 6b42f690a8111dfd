#pragma once
// Whether this process may open a file for reading and writing, one file per platform
// (file_access_posix.cpp: access(2), file_access_windows.cpp: _waccess), so that rtmidi_link.cpp
// asks about the ALSA sequencer device without an #ifdef.
#include <string>

namespace midiloop {

bool readable_and_writable(const std::string& path);

}  // namespace midiloop
