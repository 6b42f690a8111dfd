#pragma once
// A real terminal for a test: tmux runs a command in a session of a tmux server of the test's own
// (-L), send-keys types, capture-pane reads the screen. Torn down with the object.
#include <chrono>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace midiloop::testing {

class Terminal {
 public:
  // Runs `command` in `folder`; the shell prints "EXIT=<code>" after it.
  Terminal(const std::string& name, const std::string& folder, const std::string& command);
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  bool started() const { return started_; }
  const std::string& problem() const { return problem_; }

  // The whole screen and its scrollback.
  std::string screen();
  // Waits until `text` is on screen, after what was there when the last keys were typed.
  bool shows(const std::string& text, std::chrono::milliseconds deadline = std::chrono::seconds(60));
  // Types `keys` and Enter.
  void type(const std::string& keys);
  void enter() { type(""); }
  void ctrl_c();

 private:
  ProcessResult tmux(std::vector<std::string> args);
  std::string socket_;
  bool started_ = false;
  std::string problem_;
  std::size_t seen_ = 0;
};

}  // namespace midiloop::testing
