#include "tester/analysis/rehearsal.hpp"

#include <algorithm>
#include <deque>
#include <span>

#include "tester/analysis/case_analysis.hpp"

namespace midiloop {

Rehearsal compare_rehearsal(const Capture& capture) {
  Rehearsal r;
  r.messages = capture.message_offsets.size();
  r.interrupted = capture.interrupted;
  // The file's bytes against what came back for them: a flush (sent only when something was
  // already missing) and its answer are neither.
  const std::vector<Arrival> arrivals = arrivals_for_test(capture);
  std::vector<uint8_t> received;
  received.reserve(bytes_in(arrivals));
  for (const auto& a : arrivals) received.insert(received.end(), a.bytes.begin(), a.bytes.end());
  r.bytes_sent = capture.sent.size();
  r.bytes_received = received.size();
  r.alignment = align_streams(capture.sent, received);
  // Message by message: each sent message found intact, in order, among the next kLookahead
  // messages that came back. A window, not the whole rest: a file of millions of messages that
  // came back as garbage must not cost millions of comparisons each.
  constexpr std::size_t kLookahead = 64;
  std::deque<ReceivedMessage> window;
  std::size_t scanned = 0;
  const std::size_t count = capture.message_offsets.size();
  for (std::size_t m = 0; m < count; ++m) {
    const std::size_t begin = capture.message_offsets[m];
    const std::size_t end = m + 1 < count ? capture.message_offsets[m + 1] : capture.sent.size();
    const auto sent = std::span<const uint8_t>(capture.sent).subspan(begin, end - begin);
    while (window.size() < kLookahead) {
      const auto next = next_sysex(received, scanned);
      if (!next) break;
      window.push_back(*next);
    }
    for (std::size_t k = 0; k < window.size(); ++k) {
      if (window[k].length == sent.size() &&
          std::equal(sent.begin(), sent.end(), received.begin() + static_cast<std::ptrdiff_t>(window[k].offset))) {
        ++r.messages_intact;
        window.erase(window.begin(), window.begin() + static_cast<std::ptrdiff_t>(k) + 1);
        break;
      }
    }
  }
  return r;
}

}  // namespace midiloop
