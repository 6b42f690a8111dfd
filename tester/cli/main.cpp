#include <unistd.h>

#include <csignal>
#include <cstring>
#include <ostream>

#include "tester/cli/dispatch.hpp"
#include "tester/cli/exit_codes.hpp"
#include "tester/cli/output_channel.hpp"

namespace {

volatile std::sig_atomic_t g_interrupted = 0;  // the signal that asked to stop; the only thing the handler sets

// The first Ctrl-C (or SIGTERM, SIGHUP: a closed terminal) asks the run to stop at the next test
// boundary and write what it has; a second one ends midiloop at once.
extern "C" void on_signal(int signal) {
  if (g_interrupted != 0) ::_exit(midiloop::kExitInterrupted);
  g_interrupted = signal;
}

}  // namespace

int main(int argc, char** argv) {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
  // A closed pipe on stdout ('| head -1') is a failed write, seen and handled, not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
  midiloop::OutputChannel out_channel(STDOUT_FILENO), err_channel(STDERR_FILENO);
  std::ostream out(&out_channel), err(&err_channel);
  // As std::cerr: every message at once (a warning before a long transfer must not wait in a
  // buffer). Stdout too on a terminal, as stdio does.
  err.setf(std::ios::unitbuf);
  if (::isatty(STDOUT_FILENO)) out.setf(std::ios::unitbuf);
  midiloop::Console console{out, err, &g_interrupted, [&out_channel] { return out_channel.closed(); },
                            ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)};
  int code = midiloop::cli_main(argc, argv, console);
  out.flush();
  if (out_channel.closed()) {
    code = midiloop::kExitOutputClosed;
  } else if (out_channel.error() != 0) {
    err << "midiloop: cannot write to standard output: " << std::strerror(out_channel.error())
        << "; what it should have said is lost\n";
    code = midiloop::kExitSystem;
  }
  err.flush();
  if (err_channel.error() != 0 && code == midiloop::kExitSafe) code = midiloop::kExitSystem;
  return code;
}
