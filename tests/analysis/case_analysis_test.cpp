#include "tester/analysis/case_analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

// Realtime bytes inside a SysEx are not SysEx data: SysEx integrity is judged on the SysEx bytes
// alone, and what happened to the clock bytes is counted apart (TestResult::realtime). Each test
// here would fail if a clock byte lost, moved or added counted as SysEx damage.
namespace midiloop {
namespace {

const TestCase kClockInside{"realtime-in-sysex/256", Shape::realtime_in_sysex, 256, 4, Payload::ramp, {}};

// The messages as an interface might return them: `change` gets each message and returns it changed.
template <typename Change>
std::vector<uint8_t> each_message(const std::vector<std::vector<uint8_t>>& messages, Change change) {
  std::vector<uint8_t> out;
  for (const auto& m : messages) {
    const std::vector<uint8_t> changed = change(m);
    out.insert(out.end(), changed.begin(), changed.end());
  }
  return out;
}

std::vector<uint8_t> without_clock(const std::vector<uint8_t>& m) {
  std::vector<uint8_t> out;
  for (uint8_t b : m) {
    if (b != 0xF8) out.push_back(b);
  }
  return out;
}

std::size_t first_clock(const std::vector<uint8_t>& m) {
  return static_cast<std::size_t>(std::find(m.begin(), m.end(), 0xF8) - m.begin());
}

TEST(RealtimeApart, ClockSentInsideTheSysexAndReturnedInPlacePasses) {
  const auto messages = build_messages(kClockInside, 1, 1);
  const auto r = analyze_case(kClockInside, 1, capture_of(messages, joined(messages)), 1.0);
  EXPECT_TRUE(r.pass);
  EXPECT_EQ(r.realtime.sent, 32u);
  EXPECT_EQ(r.realtime.received, 32u);
  EXPECT_EQ(r.realtime.lost + r.realtime.moved + r.realtime.added, 0u);
}

TEST(RealtimeApart, ClockStrippedFromTheSysexIsNotSysexDamage) {
  const auto messages = build_messages(kClockInside, 1, 1);
  const auto r = analyze_case(kClockInside, 1, capture_of(messages, each_message(messages, without_clock)), 1.0);
  EXPECT_TRUE(r.pass);
  EXPECT_FALSE(r.errors.any()) << r.errors.dropped << " dropped, " << r.errors.messages_truncated << " truncated";
  EXPECT_FALSE(r.first_error_offset);
  EXPECT_EQ(r.realtime.lost, 32u);
  EXPECT_EQ(r.realtime.received, 0u);
}

TEST(RealtimeApart, ClockHeldUntilTheSysexEndsIsMovedNotTruncated) {
  const auto messages = build_messages(kClockInside, 1, 1);
  const auto deferred = [](const std::vector<uint8_t>& m) {
    auto out = without_clock(m);
    const auto clocks = static_cast<std::size_t>(std::count(m.begin(), m.end(), 0xF8));
    out.insert(out.end(), clocks, 0xF8);  // after the F7
    return out;
  };
  const auto r = analyze_case(kClockInside, 1, capture_of(messages, each_message(messages, deferred)), 1.0);
  EXPECT_TRUE(r.pass);
  EXPECT_EQ(r.errors.messages_truncated, 0u);
  EXPECT_FALSE(r.errors.any());
  EXPECT_EQ(r.realtime.moved, 32u);
  EXPECT_EQ(r.realtime.lost, 0u);
}

TEST(RealtimeApart, ClockMovedTwoBytesAheadByUsbIsInPlace) {
  const auto messages = build_messages(kClockInside, 1, 1);
  const auto ahead = [](const std::vector<uint8_t>& m) {
    auto out = m;
    for (std::size_t k = 2; k < out.size(); ++k) {
      if (out[k] == 0xF8) std::rotate(out.begin() + static_cast<long>(k) - 2, out.begin() + static_cast<long>(k),
                                      out.begin() + static_cast<long>(k) + 1);
    }
    return out;
  };
  const auto r = analyze_case(kClockInside, 1, capture_of(messages, each_message(messages, ahead)), 1.0);
  EXPECT_TRUE(r.pass);
  EXPECT_EQ(r.realtime.moved, 0u);
}

TEST(RealtimeApart, ActiveSensingAddedByTheInterfaceIsNotSysexDamage) {
  const auto messages = build_messages(kTrain, 1, 1);
  auto back = joined(messages);
  for (std::size_t at : {500u, 50u, 5u}) back.insert(back.begin() + static_cast<long>(at), 0xFE);
  const auto r = analyze_case(kTrain, 1, capture_of(messages, back), 1.0);
  EXPECT_TRUE(r.pass);
  EXPECT_EQ(r.errors.inserted, 0u);
  EXPECT_EQ(r.realtime.added, 3u);
}

TEST(RealtimeApart, ClockThatEndsTheSysexFailsItAndSaysWhere) {
  const auto messages = build_messages(kClockInside, 1, 1);
  // realtime-terminates: at the first clock byte the interface sends F7, passes the clock byte on and
  // drops the rest of the SysEx. Here USB has moved the clock 2 bytes ahead of its place.
  const auto ended = [](const std::vector<uint8_t>& m) {
    std::vector<uint8_t> out(m.begin(), m.begin() + static_cast<long>(first_clock(m)) - 2);
    out.push_back(0xF7);
    for (std::size_t k = first_clock(m); k < m.size(); ++k) {
      if (m[k] == 0xF8) out.push_back(0xF8);
    }
    return out;
  };
  const auto r = analyze_case(kClockInside, 1, capture_of(messages, each_message(messages, ended)), 1.0);
  EXPECT_FALSE(r.pass);
  EXPECT_GT(r.errors.dropped, 900u);
  EXPECT_EQ(r.realtime.sysex_ended, 4u);
  EXPECT_EQ(r.realtime.sysex_damaged, 0u);
  EXPECT_EQ(r.realtime.lost, 0u);
}

TEST(RealtimeApart, ClockThatDamagesTheSysexWhereItIsSaysWhere) {
  const auto messages = build_messages(kClockInside, 1, 1);
  // The two SysEx bytes waiting for a packet when the clock byte overtook them are lost.
  const auto damaged = [](const std::vector<uint8_t>& m) {
    std::vector<uint8_t> out;
    for (std::size_t k = 0; k < m.size(); ++k) {
      if (k + 2 < m.size() && m[k + 2] == 0xF8) continue;
      if (k + 1 < m.size() && m[k + 1] == 0xF8) continue;
      out.push_back(m[k]);
    }
    return out;
  };
  const auto r = analyze_case(kClockInside, 1, capture_of(messages, each_message(messages, damaged)), 1.0);
  EXPECT_FALSE(r.pass);
  EXPECT_EQ(r.errors.dropped, 64u);
  EXPECT_EQ(r.realtime.sysex_damaged, 32u);
  EXPECT_EQ(r.realtime.sysex_ended, 0u);
}

TEST(RealtimeApart, DamageAwayFromTheClockIsNotBlamedOnIt) {
  const auto messages = build_messages(kClockInside, 1, 1);
  auto back = messages;
  // Message 0 ended at its clock byte, as above; message 2 has a flipped bit between two clock bytes.
  back[0].resize(first_clock(back[0]));
  back[0].push_back(0xF7);
  const std::size_t middle = first_clock(back[2]) + 16;
  ASSERT_NE(back[2][middle], 0xF8);
  back[2][middle] ^= 0x01;
  const auto r = analyze_case(kClockInside, 1, capture_of(messages, joined(back)), 1.0);
  EXPECT_FALSE(r.pass);
  EXPECT_EQ(r.realtime.sysex_ended, 0u);
  EXPECT_EQ(r.realtime.sysex_damaged, 0u);
  // And a message lost whole is not the clock's doing either.
  auto missing = messages;
  missing.erase(missing.begin() + 1);
  const auto gone = analyze_case(kClockInside, 1, capture_of(messages, joined(missing)), 1.0);
  EXPECT_EQ(gone.realtime.sysex_ended + gone.realtime.sysex_damaged, 0u);
}

}  // namespace
}  // namespace midiloop

namespace midiloop {
namespace {

// What a DIN loop returns through a host: every byte crosses the wire 320 µs after the one before,
// reaches the host in 1 ms USB frames, and is seen one host period later (the JACK graph), stamped
// to the host's frame. `sent_at` is when the single chunk left.
Capture din_loop(const std::vector<std::vector<uint8_t>>& messages, int64_t period_ns, double frame_ns) {
  Capture c = capture_of(messages, {});
  c.resolution_ns = static_cast<int64_t>(frame_ns);
  c.host_delay_ns = period_ns;
  const int64_t sent_at = 7'777'777;
  c.chunks = {{0, static_cast<uint32_t>(c.sent.size()), sent_at, sent_at, sent_at}};
  for (std::size_t k = 0; k < c.sent.size(); ++k) {
    const int64_t crossed = sent_at + static_cast<int64_t>(k + 1) * 320'000;
    const int64_t usb = (crossed / 1'000'000 + 1) * 1'000'000;
    const auto frame = static_cast<int64_t>(std::ceil(static_cast<double>(usb) / frame_ns) * frame_ns);
    const int64_t t = frame + period_ns;
    if (c.arrivals.empty() || c.arrivals.back().t_ns != t) c.arrivals.push_back({t, {}});
    c.arrivals.back().bytes.push_back(c.sent[k]);
  }
  return c;
}

TEST(AnalysisTiming, ADinLoopIsNeverFasterThanTheWireAtAnyHostPeriod) {
  const auto messages = build_messages(kTrain, 1, 1);
  const TestCase single{"single", Shape::single, 1024, 1, Payload::random, {}};
  const auto one = build_messages(single, 1, 1);
  for (int64_t frames : {64, 128, 256, 512, 1024, 2048}) {
    const double frame_ns = 1e9 / 48000;
    const auto period_ns = static_cast<int64_t>(static_cast<double>(frames) * frame_ns);
    const auto train = analyze_case(kTrain, 1, din_loop(messages, period_ns, frame_ns), 1.0);
    EXPECT_TRUE(train.pass) << frames;
    EXPECT_FALSE(train.faster_than_wire) << frames;
    EXPECT_NEAR(train.wire_share, 1.0, 0.01) << frames;
    const auto big = analyze_case(single, 1, din_loop(one, period_ns, frame_ns), 1.0);
    EXPECT_FALSE(big.faster_than_wire) << frames;
    EXPECT_NEAR(big.wire_share, 1.0, 0.01) << frames;
  }
}

TEST(AnalysisTiming, ALoopFasterThanTheWireIsCaughtByEitherSign) {
  const auto messages = build_messages(kTrain, 1, 1);
  // Everything back one period after it left: a software loop, caught by a message's own wire time.
  Capture soft = din_loop(messages, 5'333'333, 1e9 / 48000);
  for (auto& a : soft.arrivals) a.t_ns = 7'777'777 + 5'333'333;
  EXPECT_TRUE(analyze_case(kTrain, 1, soft, 1.0).faster_than_wire);
  // Arrivals spread out but at twice the wire's rate, each message late enough on its own: caught
  // between arrivals.
  Capture twice = din_loop(messages, 5'333'333, 1e9 / 48000);
  twice.host_delay_ns = 0;
  const int64_t first = twice.arrivals.front().t_ns;
  for (auto& a : twice.arrivals) a.t_ns = first + (a.t_ns - first) / 2;
  twice.chunks.front().started_ns = twice.chunks.front().requested_ns = -1'000'000'000;
  EXPECT_TRUE(analyze_case(kTrain, 1, twice, 1.0).faster_than_wire);
  // One frame of timing error is allowed for, not more.
  Capture edge = din_loop(messages, 0, 1e9 / 48000);
  const int64_t from = edge.arrivals.front().t_ns;
  for (auto& a : edge.arrivals) a.t_ns = from + static_cast<int64_t>(static_cast<double>(a.t_ns - from) / 1.009);
  EXPECT_FALSE(analyze_case(kTrain, 1, edge, 1.0).faster_than_wire);
  Capture over = din_loop(messages, 0, 1e9 / 48000);
  for (auto& a : over.arrivals) a.t_ns = from + static_cast<int64_t>(static_cast<double>(a.t_ns - from) / 1.03);
  EXPECT_TRUE(analyze_case(kTrain, 1, over, 1.0).faster_than_wire);
}

// A FIFO that dropped part of a burst: what it held comes out after the flush, all at once.
// Those bytes are not counted against a duration that ended before them.
TEST(AnalysisTiming, BytesReleasedByTheFlushAreNotTimed) {
  const TestCase single{"single", Shape::single, 512, 1, Payload::random, {}};
  const auto messages = build_messages(single, 1, 1);
  Capture c = capture_of(messages, {});
  c.chunks = {{0, 512, 0, 0, 0}};
  for (std::size_t k = 0; k < 160; ++k) {
    const int64_t t = static_cast<int64_t>(k + 1) * 320'000;
    c.arrivals.push_back({t, {c.sent[k]}});
  }
  const int64_t flush_at = 300'000'000;
  c.flushes.push_back({flush_at, flush_at, flush_at, 0});
  std::vector<uint8_t> held(c.sent.begin() + 300, c.sent.end());
  held.insert(held.end(), kFlushBytes.begin(), kFlushBytes.end());
  c.arrivals.push_back({flush_at + 1'000'000, held});
  const auto r = analyze_case(single, 1, c, 1.0);
  EXPECT_FALSE(r.faster_than_wire);
  EXPECT_FALSE(r.pass);
  EXPECT_LE(r.wire_share, 1.01);
  // The flush's answer (its F7 and F0 7D F7) is not the test's.
  EXPECT_EQ(r.bytes_sent, 512u);
  EXPECT_EQ(r.bytes_received, 160u + 212u);
  EXPECT_EQ(r.errors.dropped, 140u);
  EXPECT_EQ(r.errors.inserted, 0u);
  EXPECT_EQ(r.achieved.chunks, 1u);
}

// What the flush brings back is judged with the test, but the flush's own answer is left out: its
// F0 7D F7, and its F7, also when that ended a SysEx the interface left open (the message lost its
// end: it stays without).
TEST(AnalysisFlush, TheFlushsAnswerIsLeftOutAndWhatItReleasedCounts) {
  const auto messages = build_messages(kTrain, 1, 1);
  const int64_t flush_at = 900'000'000;
  auto flushed_capture = [&](std::vector<uint8_t> before, std::vector<uint8_t> after) {
    Capture c = capture_of(messages, std::move(before), 800'000'000);
    c.flushes.push_back({flush_at, flush_at, flush_at, 0});
    c.arrivals.push_back({flush_at + 2'000'000, std::move(after)});
    return c;
  };
  std::vector<uint8_t> all = joined(messages);
  const std::vector<uint8_t> answer(kFlushBytes.begin(), kFlushBytes.end());
  // The last message lost its last 10 bytes and its F7: the flush's F7 ended it.
  std::vector<uint8_t> cut(all.begin(), all.end() - 11);
  auto r = analyze_case(kTrain, 1, flushed_capture(cut, answer), 1.0);
  EXPECT_EQ(r.bytes_received, all.size() - 11);
  EXPECT_EQ(r.errors.dropped, 11u);
  EXPECT_EQ(r.errors.inserted, 0u);
  EXPECT_EQ(r.errors.messages_truncated, 1u);
  // The same, held by a host that hands a SysEx over only at its F7: all of it after the flush.
  std::vector<uint8_t> released(cut.end() - 50, cut.end());
  released.insert(released.end(), answer.begin(), answer.end());
  r = analyze_case(kTrain, 1, flushed_capture({cut.begin(), cut.end() - 50}, released), 1.0);
  EXPECT_EQ(r.bytes_received, all.size() - 11);
  EXPECT_EQ(r.errors.dropped, 11u);
  // Everything came back (realtime stripped, say), then the whole answer: nothing of it counts.
  r = analyze_case(kTrain, 1, flushed_capture(all, answer), 1.0);
  EXPECT_TRUE(r.pass) << r.first_error_received_hex;
  EXPECT_EQ(r.bytes_received, all.size());
  // A host that cannot send a lone F7 (alsa-lib): only F0 7D F7 comes back, and the held bytes come
  // out unterminated in front of it.
  r = analyze_case(kTrain, 1, flushed_capture(cut, {0xF0, 0x7D, 0xF7}), 1.0);
  EXPECT_EQ(r.bytes_received, all.size() - 11);
  EXPECT_EQ(r.errors.dropped, 11u);
  EXPECT_EQ(r.errors.inserted, 0u);
  // An interface that passes only the first USB-MIDI packet of a transfer: only the F7.
  r = analyze_case(kTrain, 1, flushed_capture(all, {0xF7}), 1.0);
  EXPECT_TRUE(r.pass) << r.first_error_received_hex;
  r = analyze_case(kTrain, 1, flushed_capture(cut, {0xF7}), 1.0);
  EXPECT_EQ(r.errors.dropped, 11u);
  EXPECT_EQ(r.errors.inserted, 0u);
  // Nothing of the test came back, only the flush's answer: nothing of it counts for a test...
  Capture lost = capture_of(messages, {});
  lost.flushes.push_back({flush_at, flush_at, flush_at, 0});
  lost.arrivals.push_back({flush_at + 2'000'000, answer});
  r = analyze_case(kTrain, 1, lost, 1.0);
  EXPECT_EQ(r.bytes_received, 0u);
  EXPECT_EQ(r.errors.dropped, all.size());
  EXPECT_EQ(r.errors.inserted, 0u);
  // ...but for a probe it shows the loop is there: an interface that lost every probe FAILs, it is
  // not a missing cable (NO_LOOP).
  const TestCase probe{"probe", Shape::probe, 16, 5, Payload::random, {}};
  const auto probes = build_messages(probe, 1, 1);
  Capture unanswered = capture_of(probes, {});
  unanswered.flushes.push_back({flush_at, flush_at, flush_at, 0});
  unanswered.arrivals.push_back({flush_at + 2'000'000, {0xF0, 0x7D, 0xF7}});
  unanswered.probe_latency_ns = {-1};
  r = analyze_case(probe, 1, unanswered, 1.0);
  EXPECT_EQ(r.bytes_received, 3u);
  EXPECT_FALSE(r.pass);
  EXPECT_EQ(r.errors.dropped, 80u);
}

}  // namespace
}  // namespace midiloop

namespace midiloop {
namespace {

// The answer to the previous test's flush (F7, then F0 7D F7) can come back after that test
// stopped listening: it is the earlier test's, never inserted bytes of this one.
TEST(AnalysisCarriedOver, ALateFlushAnswerOfTheTestBeforeIsNotThisTests) {
  const auto messages = build_messages(kTrain, 3, 1);
  std::vector<uint8_t> back(kFlushBytes.begin(), kFlushBytes.end());
  const auto all = joined(messages);
  back.insert(back.end(), all.begin(), all.end());
  const auto r = analyze_case(kTrain, 3, capture_of(messages, back), 1.0);
  EXPECT_EQ(r.carried_over_bytes, 4u);
  EXPECT_TRUE(r.pass);
  EXPECT_EQ(r.errors.inserted, 0u);
  // A headerless SysEx of any other shape at the start is still this test's inserted bytes.
  std::vector<uint8_t> other = {0xF0, 0x7D, 0x01, 0xF7};
  other.insert(other.end(), all.begin(), all.end());
  const auto o = analyze_case(kTrain, 3, capture_of(messages, other), 1.0);
  EXPECT_EQ(o.carried_over_bytes, 0u);
  EXPECT_FALSE(o.pass);
}

}  // namespace
}  // namespace midiloop
