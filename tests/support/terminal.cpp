#include "tests/support/terminal.hpp"

#include <unistd.h>

namespace midiloop::testing {

using namespace std::chrono_literals;

Terminal::Terminal(const std::string& name, const std::string& folder, const std::string& command)
    : socket_("midiloop-" + name + "-" + std::to_string(::getpid())) {
  const auto r =
      tmux({"new-session", "-d", "-x", "110", "-y", "50", "-c", folder, command + "; echo \"EXIT=$?\"; sleep 600"});
  started_ = r.exit_code == 0;
  problem_ = r.err;
}

Terminal::~Terminal() { tmux({"kill-server"}); }

std::string Terminal::screen() { return tmux({"capture-pane", "-p", "-J", "-S", "-2000"}).out; }

bool Terminal::shows(const std::string& text, std::chrono::milliseconds deadline) {
  return wait_until([&] { return screen().find(text, seen_) != std::string::npos; }, deadline, 100ms);
}

void Terminal::type(const std::string& keys) {
  // From a little before the end: the prompt's own line is where the answer appears.
  const std::size_t size = screen().size();
  seen_ = size > 200 ? size - 200 : 0;
  tmux({"send-keys", "-l", keys});
  tmux({"send-keys", "Enter"});
}

void Terminal::ctrl_c() {
  const std::size_t size = screen().size();
  seen_ = size > 200 ? size - 200 : 0;
  tmux({"send-keys", "C-c"});
}

ProcessResult Terminal::tmux(std::vector<std::string> args) {
  args.insert(args.begin(), {"tmux", "-L", socket_, "-f", "/dev/null"});
  return run_process(args, 20s);
}

}  // namespace midiloop::testing
