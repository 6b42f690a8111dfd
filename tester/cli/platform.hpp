#pragma once
// What main and the console need of the operating system, one file per platform
// (platform_posix.cpp, platform_windows.cpp; CMake picks by the file name), so the commands have no
// #ifdef.
#include <csignal>
#include <cstddef>

namespace midiloop::platform {

// The first interruption (Ctrl-C; on POSIX also SIGTERM and SIGHUP, a closed terminal; on Windows
// Ctrl-Break and a closed console window) sets *flag, so the run stops at the next test boundary and
// writes what it has; a second one ends the process at once with exit code 130. A reader closing
// stdout makes a write fail (seen and handled), not the process die.
void catch_interruptions(volatile std::sig_atomic_t* flag);

// File descriptors 0, 1 and 2.
constexpr int kStdin = 0;
constexpr int kStdout = 1;
constexpr int kStderr = 2;

// `fd` is a terminal (Windows: a console; the NUL device is not one, though _isatty says so).
bool is_terminal(int fd);

// `fd` is a terminal that understands ANSI escape sequences (colour, redrawing a line). On Windows
// this turns on the console's VT processing, and is false where the console cannot.
bool terminal_takes_escapes(int fd);

// One write(2): the bytes written, or -1 with errno set (EPIPE when the reader went away).
long write_some(int fd, const char* data, std::size_t size);

}  // namespace midiloop::platform
