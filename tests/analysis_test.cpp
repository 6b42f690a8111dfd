#include "tester/analysis.hpp"

#include <gtest/gtest.h>

#include "patterns/framing.hpp"

namespace midiloop {
namespace {

// A capture as the engine would record it, with the received bytes arriving in one piece.
Capture capture_of(const std::vector<std::vector<uint8_t>>& messages, std::vector<uint8_t> received,
                   int64_t duration_ns = 10'000'000'000) {
  Capture c;
  for (const auto& m : messages) {
    c.message_offsets.push_back(c.sent.size());
    c.sent.insert(c.sent.end(), m.begin(), m.end());
  }
  c.messages_end = c.sent.size();
  c.chunks.push_back({0, static_cast<uint32_t>(c.sent.size()), 0, 0, 1000});
  if (!received.empty()) c.arrivals.push_back({duration_ns, std::move(received)});
  return c;
}

std::vector<uint8_t> joined(const std::vector<std::vector<uint8_t>>& messages) {
  std::vector<uint8_t> out;
  for (const auto& m : messages) out.insert(out.end(), m.begin(), m.end());
  return out;
}

const TestCase kTrain{"train", Shape::train, 111, 20, Payload::random, {}};

TEST(Analysis, IntactTrainPasses) {
  const auto messages = build_messages(kTrain, 1, 1);
  const auto r = analyze_case(kTrain, 1, capture_of(messages, joined(messages)), 1.0);
  EXPECT_TRUE(r.pass);
  EXPECT_FALSE(r.errors.any());
  EXPECT_EQ(r.bytes_received, 2220u);
  EXPECT_FALSE(r.faster_than_wire);
}

TEST(Analysis, MissingDuplicatedAndTruncatedMessages) {
  const auto messages = build_messages(kTrain, 1, 1);
  std::vector<std::vector<uint8_t>> back(messages.begin(), messages.end());
  back.erase(back.begin() + 5);                              // message 5 missing
  back.insert(back.begin() + 10, messages[11]);              // message 11 twice
  back[2].resize(50);                                        // message 2 cut short, no F7
  const auto r = analyze_case(kTrain, 1, capture_of(messages, joined(back)), 1.0);
  EXPECT_FALSE(r.pass);
  EXPECT_EQ(r.errors.messages_missing, 1u);
  EXPECT_EQ(r.errors.messages_duplicated, 1u);
  EXPECT_EQ(r.errors.messages_truncated, 1u);
  EXPECT_EQ(r.errors.dropped, 61u + 111u);
  EXPECT_EQ(r.errors.inserted, 111u);
}

TEST(Analysis, LostEndAndStartMergeTwoMessages) {
  const auto messages = build_messages(kTrain, 1, 1);
  auto back = messages;
  back[3].pop_back();                   // F7 of message 3 lost
  back[4].erase(back[4].begin());       // F0 of message 4 lost
  const auto r = analyze_case(kTrain, 1, capture_of(messages, joined(back)), 1.0);
  EXPECT_EQ(r.errors.messages_merged, 1u);
  EXPECT_EQ(r.errors.messages_missing, 0u);
  EXPECT_EQ(r.errors.dropped, 2u);
}

TEST(Analysis, FlippedPayloadBitFailsTheChecksum) {
  const auto messages = build_messages(kTrain, 1, 1);
  auto back = messages;
  back[7][40] ^= 0x04;
  const auto r = analyze_case(kTrain, 1, capture_of(messages, joined(back)), 1.0);
  EXPECT_EQ(r.errors.corrupted, 1u);
  EXPECT_EQ(r.errors.messages_corrupted, 1u);
  ASSERT_TRUE(r.first_error_offset);
  EXPECT_EQ(*r.first_error_offset, 7 * 111u + 40);
  EXPECT_NE(r.first_error_sent_hex.find('['), std::string::npos);
}

TEST(Analysis, FasterThanTheWireIsFlagged) {
  const auto messages = build_messages(kTrain, 1, 1);
  // 2220 bytes need 710 ms on a DIN wire; back in 5 ms is a software loop.
  const auto fast = analyze_case(kTrain, 1, capture_of(messages, joined(messages), 5'000'000), 1.0);
  EXPECT_TRUE(fast.faster_than_wire);
  EXPECT_TRUE(fast.pass);
  const auto din = analyze_case(kTrain, 1, capture_of(messages, joined(messages), 720'000'000), 1.0);
  EXPECT_FALSE(din.faster_than_wire);
  EXPECT_NEAR(din.wire_share, 2220 / 0.72 / 3125, 0.01);
  // The same 720 ms is too fast for nothing if the wire is declared 10x faster.
  EXPECT_FALSE(analyze_case(kTrain, 1, capture_of(messages, joined(messages), 80'000'000), 10.0).faster_than_wire);
}

TEST(Analysis, SplitSysexHonoursRealtimeAndStatusEnds) {
  const std::vector<uint8_t> stream = {0xF0, 1, 0xF8, 2, 0xF7, 0xF0, 3, 0x90, 0x40, 0x7F, 0xF0, 4};
  const auto m = split_sysex(stream);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_TRUE(m[0].terminated);
  EXPECT_EQ(m[0].length, 5u);
  EXPECT_FALSE(m[1].terminated);  // ended by a note-on status
  EXPECT_EQ(m[1].length, 2u);
  EXPECT_FALSE(m[2].terminated);  // stream ended
}

}  // namespace
}  // namespace midiloop

namespace midiloop {
namespace {

TEST(Analysis, BytesOfAnEarlierTestAtTheStartAreSetAside) {
  const TestCase test{"t", Shape::single, 64, 1, Payload::ramp, {}};
  const auto messages = build_messages(test, 2, 1);
  const auto earlier = build_messages(test, 1, 1)[0];
  // RtMidi's JACK input: an unterminated SysEx of test 1 prepended to test 2's message.
  std::vector<uint8_t> back(earlier.begin(), earlier.begin() + 30);
  back.insert(back.end(), messages[0].begin(), messages[0].end());
  const auto r = analyze_case(test, 2, capture_of(messages, back), 1.0);
  EXPECT_EQ(r.carried_over_bytes, 30u);
  EXPECT_TRUE(r.pass);
  // A device flushing two stray data bytes when the next F0 arrives.
  std::vector<uint8_t> flushed = {0x11, 0x22};
  flushed.insert(flushed.end(), messages[0].begin(), messages[0].end());
  EXPECT_EQ(analyze_case(test, 2, capture_of(messages, flushed), 1.0).carried_over_bytes, 2u);
  // Garbage inside this test's own stream is still an error.
  auto inside = messages[0];
  inside.insert(inside.begin() + 20, 0x33);
  EXPECT_EQ(analyze_case(test, 2, capture_of(messages, inside), 1.0).errors.inserted, 1u);
}

}  // namespace
}  // namespace midiloop
