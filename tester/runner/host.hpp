#pragma once
// What the runner asks of the host system, one file per platform (host_posix.cpp, host_windows.cpp).
#include <ctime>
#include <string>

namespace midiloop {

// The report's host_os: the operating system and its version, as the system says it (POSIX: uname;
// Windows: the NT version). "" when it will not say.
std::string host_os();

// `time` as a UTC calendar date, thread-safe (gmtime_r, gmtime_s). False when it has none.
bool utc_calendar(std::time_t time, std::tm& out);

}  // namespace midiloop
