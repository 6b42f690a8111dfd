#include "tester/plan/suite.hpp"

#include "patterns/framing.hpp"
#include "patterns/wire.hpp"

namespace midiloop {

namespace {

// 64-byte chunks with a gap 25 % longer than the wire needs for them: 80 % of 3125 B/s.
const Pacing kPaced{64, 64 * kWireByteNs * 5 / 4 / 1000, 0, 0};

void add_singles(std::vector<TestCase>& cases, const char* prefix, std::initializer_list<uint32_t> sizes,
                 const Pacing& pacing, std::size_t first_payload) {
  std::size_t k = first_payload;
  for (uint32_t size : sizes) {
    cases.push_back({std::string(prefix) + std::to_string(size), Shape::single, size, 1,
                     kAllPayloads[k++ % std::size(kAllPayloads)], pacing});
  }
}

void add_tail(std::vector<TestCase>& cases, uint32_t train_messages) {
  cases.push_back({"train/" + std::to_string(train_messages) + "x111", Shape::train, 111, train_messages,
                   Payload::random, {}});
  cases.push_back({"realtime-in-sysex/256", Shape::realtime_in_sysex, 256, 4, Payload::ramp, {}});
  cases.push_back({"running-status/cc", Shape::running_status, 3, 64, Payload::ramp, {}});
}

}  // namespace

Suite quick_suite() {
  Suite suite{"quick",
              "About 35 s of wire time. A connectivity and latency probe; one SysEx each of 16 B, 64 B, 256 B, "
              "1 KB, 4 KB and 16 KB at full speed and again in 64-byte chunks at 80 % of the wire; a 500 x "
              "111-byte train shaped like an OS upload; clock bytes inside a SysEx; control changes that an "
              "interface may send in running status. Then the MIDI 1.0 compliance checks, 100 latency probes and "
              "the throughput curve (about 10 s more).",
              {}};
  suite.latency_probes = 100;
  suite.cases.push_back({"probe", Shape::probe, 16, 5, Payload::ramp, {}});
  add_singles(suite.cases, "full/", {16, 64, 256, 1024, 4096, 16384}, {}, 0);
  add_singles(suite.cases, "paced/", {16, 64, 256, 1024, 4096, 16384}, kPaced, 1);
  add_tail(suite.cases, 500);
  return suite;
}

Suite standard_suite() {
  Suite suite{"standard",
              "The default, about 50 s of wire time, under 100 s with a pacing search. The probe; one SysEx of "
              "every power of two from 16 B to 16 KB at full speed; 256 B, 1 KB, 4 KB and 16 KB in 64-byte "
              "chunks at 80 % of the wire; a 700 x 111-byte train (78 KB); clock bytes inside a SysEx; running "
              "status. Then the MIDI 1.0 compliance checks (channel voice, system common, realtime, SysEx edge "
              "cases), 200 latency probes and the throughput curve from 10 % to 200 % of the wire (about 10 s "
              "more).",
              {}};
  suite.cases.push_back({"probe", Shape::probe, 16, 5, Payload::ramp, {}});
  add_singles(suite.cases, "full/", {16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384}, {}, 0);
  add_singles(suite.cases, "paced/", {256, 1024, 4096, 16384}, kPaced, 1);
  add_tail(suite.cases, 700);
  return suite;
}

Suite thorough_suite() {
  Suite suite = standard_suite();
  suite.name = "thorough";
  suite.description =
      "A soak, about 12 minutes of wire time: the standard suite, then 2 MB of OS-shaped messages (19,000 x "
      "111 bytes), enough to say that no error in 2 MB puts the byte error rate below 1.5 in a million "
      "(95 % confidence). 1000 latency probes.";
  suite.latency_probes = 1000;
  suite.cases.push_back({"soak/19000x111", Shape::train, 111, 19000, Payload::random, {}});
  return suite;
}

std::optional<Suite> suite_by_name(std::string_view name) {
  if (name == "quick") return quick_suite();
  if (name == "standard") return standard_suite();
  if (name == "thorough") return thorough_suite();
  return std::nullopt;
}

std::vector<std::string> suite_names() { return {"quick", "standard", "thorough"}; }

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
      // and must neither end it nor be lost (MIDI 1.0; docs/background.md §1).
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
