#include "patterns/suite.hpp"

#include "patterns/framing.hpp"
#include "patterns/wire.hpp"

namespace midiloop {

std::string_view shape_name(Shape shape) {
  switch (shape) {
    case Shape::probe: return "probe";
    case Shape::single: return "single";
    case Shape::train: return "train";
    case Shape::realtime_in_sysex: return "realtime-in-sysex";
    case Shape::running_status: return "running-status";
  }
  return "?";
}

Suite quick_suite() {
  Suite suite{"quick",
              "Connectivity and latency probe; one SysEx of 16 B to 16 KB at full speed and again "
              "paced at 80 % of the wire; a 500 x 111-byte OS-like train; clock bytes inside a SysEx; "
              "control changes in running status.",
              {}};
  auto& cases = suite.cases;
  cases.push_back({"probe", Shape::probe, 16, 5, Payload::ramp, {}});
  const uint32_t sizes[] = {16, 64, 256, 1024, 4096, 16384};
  std::size_t k = 0;
  for (uint32_t size : sizes) {
    Payload payload = kAllPayloads[k++ % std::size(kAllPayloads)];
    cases.push_back({"full/" + std::to_string(size), Shape::single, size, 1, payload, {}});
  }
  // 64-byte chunks with a gap 25 % longer than the wire needs for them: 80 % of 3125 B/s.
  const Pacing paced{64, 64 * kWireByteNs * 5 / 4 / 1000, 0};
  k = 1;
  for (uint32_t size : sizes) {
    Payload payload = kAllPayloads[k++ % std::size(kAllPayloads)];
    cases.push_back({"paced/" + std::to_string(size), Shape::single, size, 1, payload, paced});
  }
  cases.push_back({"train/500x111", Shape::train, 111, 500, Payload::random, {}});
  cases.push_back({"realtime-in-sysex/256", Shape::realtime_in_sysex, 256, 4, Payload::ramp, {}});
  cases.push_back({"running-status/cc", Shape::running_status, 3, 64, Payload::ramp, {}});
  return suite;
}

std::optional<Suite> suite_by_name(std::string_view name) {
  if (name == "quick") return quick_suite();
  return std::nullopt;
}

std::vector<std::string> suite_names() { return {"quick"}; }

std::vector<std::vector<uint8_t>> build_messages(const TestCase& test, uint32_t test_id, uint64_t seed) {
  std::vector<std::vector<uint8_t>> messages;
  messages.reserve(test.count);
  if (test.shape == Shape::running_status) {
    // Control change 7 (volume) on channel 4, its value from the payload. The host sends whole
    // messages (USB-MIDI carries nothing else); the interface may use running status on the wire.
    const auto values = make_payload(test.payload, test.count, seed ^ test_id);
    for (uint32_t k = 0; k < test.count; ++k) messages.push_back({0xB3, 0x07, values[k]});
    return messages;
  }
  const std::size_t payload_size = payload_for_message_size(test.message_bytes);
  for (uint32_t seq = 0; seq < test.count; ++seq) {
    const uint64_t message_seed = seed ^ (static_cast<uint64_t>(test_id) << 32) ^ seq;
    auto payload = make_payload(test.payload, payload_size, message_seed);
    auto message = frame_message(test_id, seq, payload);
    if (test.shape == Shape::realtime_in_sysex) {
      // A clock byte after the header and then every 32 bytes: realtime may sit inside a SysEx
      // and must neither end it nor be lost (MIDI 1.0; FACTS.md §1).
      std::vector<uint8_t> with_clock;
      with_clock.reserve(message.size() + message.size() / 32 + 1);
      for (std::size_t i = 0; i < message.size(); ++i) {
        if (i >= kHeaderBytes && (i - kHeaderBytes) % 32 == 0 && i + 1 < message.size()) with_clock.push_back(0xF8);
        with_clock.push_back(message[i]);
      }
      message = std::move(with_clock);
    }
    messages.push_back(std::move(message));
  }
  return messages;
}

}  // namespace midiloop
