#include "tester/analysis/rehearsal.hpp"

#include <algorithm>

#include "tester/analysis/case_analysis.hpp"

namespace midiloop {

Rehearsal compare_rehearsal(const Capture& capture, const std::vector<std::vector<uint8_t>>& messages) {
  Rehearsal r;
  r.messages = messages.size();
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
  // Message by message: each sent message found intact, in order, among what came back.
  std::size_t next = 0;
  const auto back = split_sysex(received);
  for (const auto& m : messages) {
    for (std::size_t k = next; k < back.size(); ++k) {
      if (back[k].length == m.size() &&
          std::equal(m.begin(), m.end(), received.begin() + static_cast<std::ptrdiff_t>(back[k].offset))) {
        ++r.messages_intact;
        next = k + 1;
        break;
      }
    }
  }
  return r;
}

}  // namespace midiloop
