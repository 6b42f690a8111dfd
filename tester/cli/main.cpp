#include <csignal>
#include <cstring>
#include <ostream>

#include "tester/cli/dispatch.hpp"
#include "tester/cli/exit_codes.hpp"
#include "tester/cli/output_channel.hpp"
#include "tester/cli/platform.hpp"

namespace {

volatile std::sig_atomic_t g_interrupted = 0;  // which interruption asked to stop; only the handler sets it

}  // namespace

int main(int argc, char** argv) {
  midiloop::platform::catch_interruptions(&g_interrupted);
  midiloop::OutputChannel out_channel(midiloop::platform::kStdout), err_channel(midiloop::platform::kStderr);
  std::ostream out(&out_channel), err(&err_channel);
  // As std::cerr: every message at once (a warning before a long transfer must not wait in a
  // buffer). Stdout too on a terminal, as stdio does.
  err.setf(std::ios::unitbuf);
  if (midiloop::platform::is_terminal(midiloop::platform::kStdout)) out.setf(std::ios::unitbuf);
  midiloop::Console console{out, err, &g_interrupted, [&out_channel] { return out_channel.closed(); },
                            midiloop::platform::is_terminal(midiloop::platform::kStdin) &&
                                midiloop::platform::is_terminal(midiloop::platform::kStdout)};
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
