#pragma once
// Test cases (shape x size x pacing) and the built-in suites.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/payload.hpp"

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

enum class Shape {
  probe,              // short messages sent one at a time, each waited for: connectivity and latency
  single,             // one message of N bytes
  train,              // M messages of N bytes back to back (an OS upload looks like this)
  realtime_in_sysex,  // one message with a clock byte (F8) every 32 bytes inside it
  running_status,     // control changes on one channel: an interface may send them in running status
};

std::string_view shape_name(Shape shape);

struct TestCase {
  std::string id;
  Shape shape = Shape::single;
  uint32_t message_bytes = 0;  // framed size of each message, F0..F7 inclusive
  uint32_t count = 1;          // messages in the case
  Payload payload = Payload::random;
  Pacing pacing;
};

struct Suite {
  std::string name;
  std::string description;
  std::vector<TestCase> cases;
  // After the cases: the MIDI 1.0 compliance checks, this many latency probes, the throughput curve.
  uint32_t latency_probes = 200;
};

Suite quick_suite();
Suite standard_suite();
Suite thorough_suite();
std::optional<Suite> suite_by_name(std::string_view name);
std::vector<std::string> suite_names();

// The messages of one case. `test_id` goes into every header; `seed` makes payloads reproducible.
std::vector<std::vector<uint8_t>> build_messages(const TestCase& test, uint32_t test_id, uint64_t seed);

}  // namespace midiloop
