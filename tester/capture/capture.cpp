#include "tester/capture/capture.hpp"

#include <algorithm>

#include "patterns/wire.hpp"

namespace midiloop {

std::size_t bytes_in(const std::vector<Arrival>& arrivals) {
  std::size_t n = 0;
  for (const auto& a : arrivals) n += a.bytes.size();
  return n;
}

std::vector<Arrival> arrivals_for_test(const Capture& capture) {
  std::vector<Arrival> out = capture.arrivals;
  if (capture.flushes.empty()) return out;
  const auto& a = capture.arrivals;
  // Every byte but realtime from the first flush on, and where it is.
  struct Byte {
    std::size_t arrival, index;
    uint8_t value;
  };
  const auto from_time = [&](int64_t t_ns) {
    return static_cast<std::size_t>(
        std::partition_point(a.begin(), a.end(), [&](const Arrival& x) { return x.t_ns < t_ns; }) - a.begin());
  };
  const std::size_t first = from_time(capture.flushes.front().started_ns);
  std::vector<Byte> bytes;
  std::vector<std::size_t> starts;  // per arrival from `first` on: its first entry in `bytes`
  for (std::size_t i = first; i < a.size(); ++i) {
    starts.push_back(bytes.size());
    for (std::size_t j = 0; j < a[i].bytes.size(); ++j) {
      if (!is_realtime(a[i].bytes[j])) bytes.push_back({i, j, a[i].bytes[j]});
    }
  }
  starts.push_back(bytes.size());
  // Each flush's answer came back between when it left and the next send (the next probe, the
  // next flush).
  std::vector<std::pair<std::size_t, std::size_t>> answer;  // (arrival, index) of each byte to leave out
  for (std::size_t k = 0; k < capture.flushes.size(); ++k) {
    const int64_t left_ns = capture.flushes[k].started_ns;
    int64_t next_ns = k + 1 < capture.flushes.size() ? capture.flushes[k + 1].started_ns : INT64_MAX;
    for (const ChunkRecord& c : capture.chunks) {
      if (c.started_ns > left_ns) next_ns = std::min(next_ns, c.started_ns);
    }
    const std::size_t begin = starts[std::max(from_time(left_ns), first) - first];
    const std::size_t end = starts[std::max(from_time(next_ns), first) - first];
    // Its F0 7D F7 is the last there. Its F7, when it came back, is the byte just before that, or
    // without the F0 7D F7 the last byte: whatever else came back after the flush left was held
    // for want of an F7, so the F7 that released it is the flush's, not the test's.
    std::size_t marker = SIZE_MAX;
    for (std::size_t p = end; p >= begin + 3 && marker == SIZE_MAX; --p) {
      if (bytes[p - 3].value == 0xF0 && bytes[p - 2].value == 0x7D && bytes[p - 1].value == 0xF7) marker = p - 3;
    }
    std::size_t f7 = marker == SIZE_MAX ? end : marker;
    if (marker != SIZE_MAX) {
      for (std::size_t p = marker; p < marker + 3; ++p) answer.emplace_back(bytes[p].arrival, bytes[p].index);
    }
    if (f7 > begin && bytes[f7 - 1].value == 0xF7) answer.emplace_back(bytes[f7 - 1].arrival, bytes[f7 - 1].index);
  }
  std::sort(answer.begin(), answer.end());
  answer.erase(std::unique(answer.begin(), answer.end()), answer.end());
  std::size_t next = 0;
  for (std::size_t i = first; i < out.size() && next < answer.size(); ++i) {
    if (answer[next].first != i) continue;
    std::vector<uint8_t> kept;
    for (std::size_t j = 0; j < out[i].bytes.size(); ++j) {
      if (next < answer.size() && answer[next] == std::make_pair(i, j)) {
        ++next;
      } else {
        kept.push_back(out[i].bytes[j]);
      }
    }
    out[i].bytes = std::move(kept);
  }
  std::erase_if(out, [](const Arrival& x) { return x.bytes.empty(); });
  return out;
}

HostCounters counters_for_test(HostCounters counters, const Capture& capture) {
  for (const FlushRecord& f : capture.flushes) counters.bytes_lost -= std::min(counters.bytes_lost, f.host_bytes_lost);
  return counters;
}

}  // namespace midiloop
