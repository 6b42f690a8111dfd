#include "tester/cli/console.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "reports/summary.hpp"
#include "tester/cli/platform.hpp"
#include "tester/engine/clock.hpp"

namespace midiloop {

namespace {

// A terminal that does not move the cursor or show colour (TERM=dumb: Emacs shells, some CI logs)
// gets plain lines.
bool dumb(const char* term) { return term != nullptr && std::string(term) == "dumb"; }

}  // namespace

bool progress_wanted(bool terminal, const char* term, bool no_progress) { return terminal && !dumb(term) && !no_progress; }

bool colour_wanted(bool terminal, const char* term, const char* no_color) {
  // no-color.org: set and not empty turns colour off.
  return terminal && !dumb(term) && (no_color == nullptr || *no_color == '\0');
}

bool progress_on_stderr(bool no_progress) {
  return progress_wanted(platform::terminal_takes_escapes(platform::kStderr), std::getenv("TERM"), no_progress);
}

bool colour_on_stdout() { return colour_wanted(platform::terminal_takes_escapes(platform::kStdout), std::getenv("TERM"), std::getenv("NO_COLOR")); }

std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string minutes(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f min %02.0f s", std::floor(seconds / 60), std::fmod(seconds, 60));
  return buf;
}

std::string indented(const std::string& text) {
  std::string wrapped = wrap(text, 76);
  for (std::size_t at = wrapped.find('\n'); at != std::string::npos; at = wrapped.find('\n', at + 1)) {
    wrapped.insert(at + 1, "  ");
  }
  return wrapped;
}

std::string progress_bar(std::size_t done, std::size_t total, std::size_t width) {
  const std::size_t marks = total == 0 ? width : std::min(width, done * width / total);
  return "[" + std::string(marks, '#') + std::string(width - marks, '.') + "]";
}

void ProgressLine::start_case(const std::string& id, std::size_t index, std::size_t total) {
  const auto now = std::chrono::steady_clock::now();
  if (index == 0) cases_started_ = now;
  prefix_ = progress_bar(index, total);
  prefix_.append(" test ").append(std::to_string(index + 1)).append("/").append(std::to_string(total));
  if (index > 0) {
    const double elapsed = std::chrono::duration<double>(now - cases_started_).count();
    prefix_.append(", ~").append(minutes(elapsed / static_cast<double>(index) * static_cast<double>(total - index)));
    prefix_.append(" left");
  }
  prefix_.append(": ").append(id);
  draw(prefix_);
}

void ProgressLine::start_search(std::size_t trials_at_most) {
  search_started_ = std::chrono::steady_clock::now();
  trials_done_ = 0;
  trials_at_most_ = trials_at_most;
  prefix_ = progress_bar(0, trials_at_most) + " pacing search: at most " + std::to_string(trials_at_most) + " trials";
  draw(prefix_);
}

void ProgressLine::trial_done() {
  ++trials_done_;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - search_started_).count();
  const std::size_t left = trials_at_most_ > trials_done_ ? trials_at_most_ - trials_done_ : 0;
  prefix_ = progress_bar(trials_done_, trials_at_most_) + " pacing search: " + std::to_string(trials_done_) +
            " of at most " + std::to_string(trials_at_most_) + " trials, at most ~" +
            minutes(elapsed / static_cast<double>(trials_done_) * static_cast<double>(left)) + " left";
  draw(prefix_);
}

void ProgressLine::start_stage(const std::string& stage) {
  prefix_ = "[" + stage + "]";
  draw(prefix_);
}

void ProgressLine::bytes(std::size_t done, std::size_t total) {
  if (done != total && done - last_ < 512) return;  // keep the terminal quiet
  last_ = done == total ? 0 : done;
  draw(prefix_ + "  " + std::to_string(done) + "/" + std::to_string(total) + " B sent");
}

void ProgressLine::clear() {
  if (enabled_ && drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void ProgressLine::draw(const std::string& text) {
  if (!enabled_) return;
  err_ << "\r\033[K" << text << std::flush;
  drawn_ = true;
}

void TransferProgress::update(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  const int64_t now = clock_.now_ns();
  if (start_ns_ < 0) start_ns_ = now;
  if (now - drawn_ns_ < 100'000'000 && done != total) return;
  drawn_ns_ = now;
  const double seconds = static_cast<double>(now - start_ns_) / 1e9;
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  double left = rate > 0 ? static_cast<double>(total - done) / rate : -1;
  if (wire_bps_ > 0) left = std::max(left, static_cast<double>(total) / wire_bps_ - seconds);
  char line[512];
  std::snprintf(line, sizeof line, "\r\033[K%s%zu / %zu bytes (%.0f %%), %.0f B/s, %s left", label_.c_str(), done, total,
                100.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(total, 1)), rate,
                left >= 0 ? minutes(left).c_str() : "?");
  err_ << line << std::flush;
  drawn_ = true;
}

void TransferProgress::draining(std::size_t total, int64_t until_ns) {
  if (!enabled_) return;
  const double left = static_cast<double>(until_ns - clock_.now_ns()) / 1e9;
  if (left <= 0) return;
  err_ << "\r\033[K" << label_ << "all " << total << " bytes are with the host; the wire needs " << minutes(left)
       << " more to carry them" << std::flush;
  drawn_ = true;
}

void TransferProgress::clear() {
  if (enabled_ && drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace midiloop
