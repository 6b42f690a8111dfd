#pragma once
// The plan: every workload midiloop sends. Here, test cases (shape x size x pacing) and the
// built-in suites; beside it, the compliance checks, the timing trains and the search trains.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/pacing.hpp"
#include "patterns/payload.hpp"
#include "patterns/shape.hpp"

namespace midiloop {

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
