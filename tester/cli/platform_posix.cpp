#include <unistd.h>

#include <csignal>

#include "tester/cli/exit_codes.hpp"
#include "tester/cli/platform.hpp"

namespace midiloop::platform {
namespace {

volatile std::sig_atomic_t* g_flag = nullptr;  // the only thing the handler touches

extern "C" void on_signal(int signal) {
  if (*g_flag != 0) ::_exit(kExitInterrupted);
  *g_flag = signal;
}

}  // namespace

void catch_interruptions(volatile std::sig_atomic_t* flag) {
  g_flag = flag;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
  // A closed pipe on stdout ('| head -1') is a failed write, seen and handled, not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
}

bool is_terminal(int fd) { return ::isatty(fd) != 0; }

bool terminal_takes_escapes(int fd) { return is_terminal(fd); }

long write_some(int fd, const char* data, std::size_t size) { return ::write(fd, data, size); }

}  // namespace midiloop::platform
