#include <windows.h>
#include <io.h>

#include <climits>
#include <cstdlib>

#include "tester/cli/exit_codes.hpp"
#include "tester/cli/platform.hpp"

namespace midiloop::platform {
namespace {

volatile std::sig_atomic_t* g_flag = nullptr;

HANDLE handle_of(int fd) {
  return ::GetStdHandle(fd == kStdin ? STD_INPUT_HANDLE : fd == kStderr ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
}

// Windows calls this on a thread of its own. It only sets the flag, as the POSIX signal handler
// does; sig_atomic_t is an aligned int, which x86-64 writes in one store.
BOOL WINAPI on_console_event(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
      if (*g_flag != 0) std::_Exit(kExitInterrupted);
      *g_flag = 2;  // SIGINT's number: the same interruption as on POSIX
      return TRUE;
    default:
      return FALSE;
  }
}

}  // namespace

void catch_interruptions(volatile std::sig_atomic_t* flag) {
  g_flag = flag;
  ::SetConsoleCtrlHandler(on_console_event, TRUE);
  // There is no SIGPIPE: a write to a closed pipe fails with EPIPE already.
}

bool is_terminal(int fd) {
  DWORD mode = 0;
  return ::GetConsoleMode(handle_of(fd), &mode) != 0;
}

bool terminal_takes_escapes(int fd) {
  DWORD mode = 0;
  const HANDLE console = handle_of(fd);
  if (::GetConsoleMode(console, &mode) == 0) return false;
  if ((mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0) return true;
  // Windows 10 1511 and later; older consoles refuse, and then show no colour rather than escapes.
  return ::SetConsoleMode(console, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

long write_some(int fd, const char* data, std::size_t size) {
  return ::_write(fd, data, static_cast<unsigned>(size > INT_MAX ? INT_MAX : size));
}

}  // namespace midiloop::platform
