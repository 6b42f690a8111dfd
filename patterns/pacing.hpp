#pragma once
// A pacing: how bytes are handed to the interface (chunk size, gaps). Plain data, used by the plan,
// the engine, the advisor and the report alike.
#include <cstddef>
#include <cstdint>

namespace midiloop {

// How bytes are handed to the interface. Full speed = no gaps and the largest chunks the link takes.
struct Pacing {
  uint32_t chunk_bytes = 0;     // 0: as large as the link allows
  int64_t chunk_gap_us = 0;     // pause after each chunk that does not end a message
  int64_t message_gap_us = 0;   // pause after each F7
  // 0, or a rate: after each chunk, pause at least as long as that chunk takes at this many bytes
  // per second (SysEx Librarian's "speed"), so short messages are not slowed to the chunk's pace.
  double rate_bps = 0;
  bool full_speed() const { return chunk_gap_us == 0 && message_gap_us == 0 && rate_bps == 0; }
  // The pause after a chunk of `length` bytes.
  int64_t gap_ns(std::size_t length, bool ends_message) const {
    const int64_t fixed = 1000 * (ends_message ? message_gap_us : chunk_gap_us);
    const auto by_rate = rate_bps > 0 ? static_cast<int64_t>(static_cast<double>(length) * 1e9 / rate_bps) : 0;
    return fixed > by_rate ? fixed : by_rate;
  }
  bool operator==(const Pacing&) const = default;
};

}  // namespace midiloop
