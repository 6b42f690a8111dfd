#pragma once
// Where a command writes: stdout for results, stderr for errors, warnings and progress, and the flag
// a signal handler sets. What is meant for people on a terminal (a progress line, colour) appears
// only on one; otherwise the output is plain.
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <chrono>
#include <functional>
#include <ostream>
#include <string>

namespace midiloop {

class Clock;

struct Console {
  std::ostream& out;
  std::ostream& err;
  const volatile std::sig_atomic_t* interrupted = nullptr;  // set by a signal handler
  std::function<bool()> output_closed;  // stdout's reader went away: nobody sees the run any more
  bool interactive = false;  // stdin and stdout are a terminal: a person is there to answer questions
  bool stop_requested() const {
    return (interrupted && *interrupted != 0) || (output_closed && output_closed());
  }
};

// A progress line on stderr: only on a terminal that can redraw a line (not TERM=dumb), and not
// with --no-progress.
bool progress_on_stderr(bool no_progress);
// Colour on stdout: only on a terminal that shows it (not TERM=dumb), and not when NO_COLOR is set
// to anything but "" (no-color.org).
bool colour_on_stdout();
// The same decisions from what they depend on: whether the stream is a terminal, TERM, NO_COLOR.
bool progress_wanted(bool terminal, const char* term, bool no_progress);
bool colour_wanted(bool terminal, const char* term, const char* no_color);

// "2 min 05 s".
std::string minutes(double seconds);
// "1 message", "2 messages".
std::string counted(std::size_t n, const std::string& noun);
// A description under a name in a list: wrapped at 76 columns, its later lines indented two spaces.
std::string indented(const std::string& text);

// The test or stage running and its bytes sent, redrawn on one line of stderr (run): a bar of the
// tests done, and the time left as the tests so far took (a guess, shown as one: "~1 min 10 s left").
class ProgressLine {
 public:
  ProgressLine(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
  ~ProgressLine() { clear(); }
  void start_case(const std::string& id, std::size_t index, std::size_t total);
  void start_stage(const std::string& stage);
  // The pacing search, which stops when it has its answer: a bar of its trials against the most it
  // can run, and the time that many more would take ("at most").
  void start_search(std::size_t trials_at_most);
  void trial_done();
  void bytes(std::size_t done, std::size_t total);
  void clear();

 private:
  void draw(const std::string& text);
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  std::string prefix_;
  std::size_t last_ = 0;
  std::chrono::steady_clock::time_point cases_started_{};
  std::chrono::steady_clock::time_point search_started_{};
  std::size_t trials_done_ = 0, trials_at_most_ = 0;
};

// "[#####.....]" for `done` of `total`, `width` marks wide.
std::string progress_bar(std::size_t done, std::size_t total, std::size_t width = 20);

// Bytes, rate and time left of a transfer, redrawn on one line of stderr (rehearse, send).
class TransferProgress {
 public:
  TransferProgress(std::ostream& err, bool enabled, Clock& clock) : err_(err), enabled_(enabled), clock_(clock) {}
  ~TransferProgress() { clear(); }
  void update(std::size_t done, std::size_t total);
  void clear();
  // Put before the figures ("file 2 of 3: "), so the line says which file of several is going.
  void set_label(std::string label) { label_ = std::move(label); }
  // Nothing comes back to pace the line (send): the bytes still need the wire after the host has
  // them, so time left is never less than the wire at `bytes_per_second` needs from the first byte.
  void set_wire_floor(double bytes_per_second) { wire_bps_ = bytes_per_second; }
  // Every byte is with the host; the wire needs until `until_ns` (the transfer's clock) to carry them.
  void draining(std::size_t total, int64_t until_ns);

 private:
  std::ostream& err_;
  bool enabled_;
  Clock& clock_;  // the transfer's own: an emulated one runs on a virtual clock
  int64_t start_ns_ = -1, drawn_ns_ = 0;
  bool drawn_ = false;
  std::string label_;
  double wire_bps_ = 0;  // 0: no floor
};

}  // namespace midiloop
