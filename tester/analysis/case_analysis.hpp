#pragma once
// What happened to one case: byte-level alignment, message-level classification, timing.
// Deterministic: a Capture in, a CaseResult out.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tester/plan/suite.hpp"
#include "reports/report.hpp"
#include "tester/capture/capture.hpp"

namespace midiloop {

// Splits a received byte stream into SysEx messages (F0 up to F7, or up to the next
// non-realtime status byte, which ends a SysEx without F7).
struct ReceivedMessage {
  std::size_t offset = 0;
  std::size_t length = 0;
  bool terminated = false;  // ended by F7
};
std::vector<ReceivedMessage> split_sysex(std::span<const uint8_t> stream);
// The same one message at a time: the next SysEx from `at`, which moves past it; nothing when none
// is left. For streams of millions of messages, without a list of them all.
std::optional<ReceivedMessage> next_sysex(std::span<const uint8_t> stream, std::size_t& at);

// The value at fraction `p` (0..1) of the sorted values, nearest rank; 0 when there are none.
double percentile(std::vector<double> values, double p);

TestResult analyze_case(const TestCase& test, uint32_t test_id, const Capture& capture, double wire_speed);

}  // namespace midiloop
