#include "tester/engine/engine.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "patterns/wire.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/links/emulated/host_model.hpp"
#include "tests/support/silent_link.hpp"

namespace midiloop {
namespace {

std::vector<uint8_t> sysex(std::size_t total) {
  std::vector<uint8_t> m(total, 0x05);
  m.front() = 0xF0;
  m.back() = 0xF7;
  return m;
}

TEST(Engine, PacingIsHonouredAndRecordedOnTheVirtualClock) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good:fifo=4096"), clock);
  Engine engine(link, clock, {});
  const std::vector<std::vector<uint8_t>> messages = {sysex(300), sysex(100)};
  const Pacing pacing{128, 10'000, 50'000};  // 128-byte chunks, 10 ms apart, 50 ms after each message
  const Capture c = engine.run(messages, pacing);
  ASSERT_EQ(c.chunks.size(), 4u);  // 128 + 128 + 44, then 100
  EXPECT_EQ(c.chunks[1].started_ns - c.chunks[0].finished_ns, 10'000'000);
  EXPECT_EQ(c.chunks[2].started_ns - c.chunks[1].finished_ns, 10'000'000);
  EXPECT_EQ(c.chunks[3].started_ns - c.chunks[2].finished_ns, 50'000'000);
  for (const auto& chunk : c.chunks) EXPECT_EQ(chunk.started_ns, chunk.requested_ns);
  EXPECT_EQ(c.chunks[2].length, 44u);
  EXPECT_EQ(bytes_in(c.arrivals), 400u);
}

// A link that schedules, as the JACK link does: it takes each send a little ahead of its time and
// says later, in whole 1 ms "frames", when it left. Nothing comes back.
class SchedulingLink final : public Link {
 public:
  explicit SchedulingLink(VirtualClock& clock) : clock_(clock) {}
  int64_t send(std::span<const uint8_t>, int64_t at_ns) override {
    clock_.advance_to(at_ns - kAheadNs);
    placed_.push_back((at_ns + 999'999) / 1'000'000 * 1'000'000);
    return clock_.now_ns();
  }
  void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) override {
    // Only sends whose frame has come are reported; waiting moves the clock to the deadline.
    clock_.advance_to(std::min(deadline_ns, placed_.empty() ? deadline_ns : placed_.back()));
    while (!placed_.empty() && placed_.front() <= clock_.now_ns()) {
      out.push_back(placed_.front());
      placed_.pop_front();
    }
  }
  bool receive(std::vector<Arrival>&, int64_t deadline_ns) override {
    clock_.advance_to(deadline_ns);
    return false;
  }
  std::size_t max_chunk_bytes() const override { return 4096; }
  LinkInfo info() const override { return {}; }
  static constexpr int64_t kAheadNs = 5'000'000;

 private:
  VirtualClock& clock_;
  std::deque<int64_t> placed_;
};

TEST(Engine, AChunkLeftWhenTheLinkSaysItLeftAndThePacingKeepsItsSchedule) {
  VirtualClock clock;
  SchedulingLink link(clock);
  EngineOptions options;
  options.expect_echo = false;
  Engine engine(link, clock, options);
  const Pacing pacing{100, 0, 0, 20'000};  // 100-byte chunks at 20 kB/s: 5 ms apart
  const Capture c = engine.run({sysex(1000)}, pacing);
  ASSERT_EQ(c.chunks.size(), 10u);
  for (std::size_t k = 0; k < c.chunks.size(); ++k) {
    // Taken ahead of time, yet the next is due a gap after this one was due, not after it was taken.
    EXPECT_EQ(c.chunks[k].requested_ns, c.chunks[0].requested_ns + static_cast<int64_t>(k) * 5'000'000) << k;
    if (k > 0) {
      EXPECT_LT(c.chunks[k].finished_ns, c.chunks[k].requested_ns) << k;
    }
    EXPECT_EQ(c.chunks[k].started_ns, (c.chunks[k].requested_ns + 999'999) / 1'000'000 * 1'000'000) << k;
  }
}

// With nothing coming back, done is when the wire has carried the last byte: a host faster than
// the wire leaves a queue in the interface, a slower one leaves only the last chunk on the wire.
TEST(Engine, ASendWithoutEchoReturnsAtTheWiresDrainPoint) {
  for (const auto& [rate, drain_after_first_ns] :
       {std::pair{20'000.0, wire_ns(1000)},                          // 5 ms apart: the wire is the bottleneck
        std::pair{1'000.0, int64_t{900'000'000} + wire_ns(100)}}) {  // 100 ms apart: the last chunk's wire time
    VirtualClock clock;
    SchedulingLink link(clock);
    EngineOptions options;
    options.expect_echo = false;
    options.keep_chunks = false;  // as send runs it: the drain must not need the chunk records
    Engine engine(link, clock, options);
    const Capture c = engine.run({sysex(1000)}, Pacing{100, 0, 0, rate});
    ASSERT_GE(c.first_left_ns, 0) << rate;
    EXPECT_EQ(c.drained_ns - c.first_left_ns, drain_after_first_ns) << rate;
    EXPECT_EQ(c.drained_ns - c.last_left_ns, std::max(wire_ns(100), wire_ns(1000) - (c.last_left_ns - c.first_left_ns)))
        << rate << ": the last chunk waits for the queue before it, if any";
    EXPECT_GE(c.end_ns, c.drained_ns) << rate;
    EXPECT_LT(c.end_ns, c.drained_ns + 50'000'000) << rate << ": waited a poll period past the drain";
    EXPECT_FALSE(c.interrupted);
  }
}

TEST(Engine, ListeningQuietlySendsNothingAndHearsWhatArrives) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good"), clock);
  Engine engine(link, clock, {});
  const int64_t before = clock.now_ns();
  const Engine::Heard heard = engine.listen_quietly(2'000'000'000);
  EXPECT_TRUE(heard.arrivals.empty());
  EXPECT_FALSE(heard.interrupted);
  EXPECT_GE(clock.now_ns() - before, 2'000'000'000) << "listened the whole time";
}

TEST(Engine, ChunksNeverExceedWhatTheLinkTakes) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good"), clock);
  Engine engine(link, clock, {});
  const Capture c = engine.run({sysex(10'000)}, Pacing{});
  for (const auto& chunk : c.chunks) EXPECT_LE(chunk.length, link.max_chunk_bytes());
  EXPECT_EQ(c.chunks.size(), 3u);
}

TEST(Engine, BackPressureShowsAsSendTakingWireTime) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good:fifo=64"), clock);
  Engine engine(link, clock, {});
  const Capture c = engine.run({sysex(4096)}, Pacing{});
  ASSERT_EQ(c.chunks.size(), 1u);
  // The host is held back until all but the FIFO's 64 bytes (and the one on the wire) are out.
  EXPECT_EQ(c.chunks[0].finished_ns - c.chunks[0].started_ns, (4096 - 64 - 1) * kWireByteNs);
}

TEST(Engine, CaptureEndsAtAnIdleDeadlineWhenBytesAreLost) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("cheap-fifo:fifo=32"), clock);
  EngineOptions options;
  options.idle_ns = 100'000'000;
  Engine engine(link, clock, options);
  const Capture c = engine.run({sysex(1000)}, Pacing{});
  // 32 in the FIFO and 1 on the wire came back, then the flush: its F7 ended the SysEx the FIFO
  // had cut short, and its F0 7D F7 came back whole. The flush is not the test's: not in `sent`,
  // not among the chunks, and its answer is left out of what the test is judged on.
  ASSERT_EQ(c.flushes.size(), 1u);
  EXPECT_EQ(c.sent.size(), 1000u);
  EXPECT_EQ(c.chunks.size(), 1u);
  EXPECT_EQ(bytes_in(c.arrivals), 33u + kFlushBytes.size());
  const std::vector<Arrival> test = arrivals_for_test(c);
  EXPECT_EQ(bytes_in(test), 33u);
  EXPECT_NE(test.back().bytes.back(), 0xF7);
  // The flush is sent only once the wire could have delivered the message after it was all sent,
  // plus the idle time; the capture then ends the idle time after the last byte back.
  EXPECT_EQ(c.flushes.front().started_ns, c.chunks.front().finished_ns + wire_ns(1000) + options.idle_ns);
  EXPECT_EQ(c.end_ns, c.arrivals.back().t_ns + options.idle_ns);
}

// Hosts that cannot send a lone F7 (WinMM sends 3 bytes or fewer as a short message, alsa-lib makes
// no event of it) still send the flush's F0 7D F7, which comes back; what the host lost of the
// flush itself is the flush's, not the test's.
TEST(Engine, TheFlushLeavesEveryHostAndItsOwnLossIsNotTheTests) {
  for (const std::string host : {"jack", "jack-rtmidi", "winmm", "alsa"}) {
    VirtualClock clock;
    HostModelLink link(parse_model_spec("cheap-fifo:fifo=32"), parse_host_spec(host), clock);
    Engine engine(link, clock, {});
    const HostCounters before = link.host_counters();
    const Capture c = engine.run({sysex(1000)}, Pacing{});
    ASSERT_EQ(c.flushes.size(), 1u) << host;
    std::vector<uint8_t> back;
    for (const auto& a : c.arrivals) back.insert(back.end(), a.bytes.begin(), a.bytes.end());
    ASSERT_GE(back.size(), 3u) << host;
    EXPECT_EQ(std::vector<uint8_t>(back.end() - 3, back.end()), std::vector<uint8_t>({0xF0, 0x7D, 0xF7})) << host;
    EXPECT_EQ(c.flushes.front().host_bytes_lost, host == "alsa" ? 1u : 0u) << host;
    EXPECT_EQ(counters_for_test(link.host_counters(), c), before) << host;
  }
}

// The same host with other limits than its link states: `sends` (SendLimits{} is what the engine
// cut by before there were limits: the pacing alone) and a largest send of `max_chunk`.
class OtherLimits final : public Link {
 public:
  OtherLimits(Link& inner, SendLimits sends, std::size_t max_chunk)
      : inner_(inner), sends_(sends), max_chunk_(max_chunk) {}
  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override { return inner_.send(bytes, at_ns); }
  void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) override {
    inner_.take_left_times(out, deadline_ns);
  }
  bool receive(std::vector<Arrival>& out, int64_t deadline_ns) override { return inner_.receive(out, deadline_ns); }
  std::size_t max_chunk_bytes() const override { return max_chunk_; }
  LinkInfo info() const override {
    LinkInfo info = inner_.info();
    info.sends = sends_;
    return info;
  }
  HostCounters host_counters() const override { return inner_.host_counters(); }

 private:
  Link& inner_;
  SendLimits sends_;
  std::size_t max_chunk_;
};

// A link whose largest send is smaller than its host's (a JACK port's largest event) bounds the cut.
TEST(Engine, TheLinksLargestSendBoundsTheHostsLimits) {
  VirtualClock clock;
  EmulatedLink inner(parse_model_spec("good:fifo=4096"), clock);
  OtherLimits link(inner, SendLimits{2048, 4, false}, 1000);
  EXPECT_EQ(send_limits_of(link), (SendLimits{1000, 4, false}));
  Engine engine(link, clock, {});
  const Capture c = engine.run({sysex(2001)}, Pacing{});
  std::vector<uint32_t> lengths;
  for (const ChunkRecord& chunk : c.chunks) lengths.push_back(chunk.length);
  EXPECT_EQ(lengths, (std::vector<uint32_t>{1000, 997, 4}));  // the 1-byte tail takes 3 from the chunk before
}

// RtMidi 5.0 on WinMM sends a SysEx only whole (a send not starting with F0 never leaves as SysEx):
// each message is one send whatever the chunk size, and the flush goes without its lone F7.
TEST(Engine, AHostThatSendsSysExOnlyWholeGetsEachWholeAndAFlushWithoutItsLoneF7) {
  VirtualClock clock;
  EmulatedLink inner(parse_model_spec("cheap-fifo:fifo=32"), clock);
  OtherLimits link(inner, SendLimits{2048, 4, true}, kLinkChunkBytes);
  Engine engine(link, clock, {});
  EXPECT_EQ(engine.effective(Pacing{48, 0, 0, 1000}), (Pacing{0, 0, 0, 1000}));
  const Capture c = engine.run({sysex(300), sysex(100)}, Pacing{48, 0, 0, 1000});
  ASSERT_EQ(c.chunks.size(), 2u);
  EXPECT_EQ(c.chunks[0].length, 300u);
  EXPECT_EQ(c.chunks[1].length, 100u);
  // The FIFO cut the 300-byte message short: the flush's F0 ends it, no F7 in front.
  ASSERT_EQ(c.flushes.size(), 1u);
  std::vector<uint8_t> back;
  for (const auto& a : c.arrivals) back.insert(back.end(), a.bytes.begin(), a.bytes.end());
  ASSERT_GE(back.size(), 4u);
  EXPECT_EQ(std::vector<uint8_t>(back.end() - 4, back.end()), (std::vector<uint8_t>{0x05, 0xF0, 0x7D, 0xF7}));
}

// WinMM (through RtMidi's master branch, on Windows MIDI Services) never sends a SysEx piece of 3
// bytes or fewer, and fails a send over 2048 bytes (docs/background.md §6). The link says so, and the
// engine cuts within it: a loss-free interface loses nothing. Cut by the pacing alone, the same
// messages lose bytes in the host.
TEST(Engine, WinMmSendLimitsKeepEveryPieceOfASysExOnTheWire) {
  struct Case {
    std::vector<uint8_t> message;
    Pacing pacing;
    uint64_t lost_without_limits;
  };
  const std::vector<Case> cases = {
      {sysex(111), Pacing{3, 0, 0, 3125}, 111},   // every 3-byte chunk is a short message
      {sysex(111), Pacing{12, 0, 0, 3125}, 3},    // 9 x 12 and a 3-byte tail
      {sysex(97), Pacing{12, 0, 0, 3125}, 1},     // a lone F7
      {sysex(2049), Pacing{}, 2049},              // one send of 2049 bytes
  };
  for (const bool limited : {true, false}) {
    for (const Case& c : cases) {
      VirtualClock clock;
      HostModelLink winmm(parse_model_spec("good:fifo=4096"), parse_host_spec("winmm"), clock);
      OtherLimits unlimited(winmm, SendLimits{}, winmm.max_chunk_bytes());
      Link& link = limited ? static_cast<Link&>(winmm) : unlimited;
      Engine engine(link, clock, {});
      const Capture capture = engine.run({c.message}, c.pacing);
      const uint64_t lost = counters_for_test(link.host_counters(), capture).bytes_lost;
      EXPECT_EQ(lost, limited ? 0 : c.lost_without_limits) << c.message.size() << " at " << c.pacing.chunk_bytes;
      if (limited) {
        EXPECT_EQ(bytes_in(arrivals_for_test(capture)), c.message.size()) << c.message.size();
        for (const ChunkRecord& chunk : capture.chunks) {
          EXPECT_GE(chunk.length, 4u);
          EXPECT_LE(chunk.length, 2048u);
        }
      }
    }
  }
}

// What the engine sends is what a report may record (Engine::effective).
TEST(Engine, TheEffectivePacingIsTheLinksCut) {
  VirtualClock clock;
  HostModelLink winmm(parse_model_spec("good"), parse_host_spec("winmm"), clock);
  Engine engine(winmm, clock, {});
  EXPECT_EQ(engine.send_limits(), (SendLimits{2048, 4, false}));
  EXPECT_EQ(engine.effective(Pacing{3, 0, 0, 2000}), (Pacing{4, 0, 0, 2000}));
  EmulatedLink plain(parse_model_spec("good"), clock);
  EXPECT_EQ(Engine(plain, clock, {}).effective(Pacing{3, 0, 0, 2000}), (Pacing{3, 0, 0, 2000}));
}

// A host that joins SysEx until F7 (RtMidi's JACK input) holds a probe whose F7 the interface
// lost, all of it: the flush releases it, and the loop counts as there.
TEST(Engine, AProbeNotBackWholeIsFlushedAndTheLoopCountsAsThere) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("one-event-per-transfer"), parse_host_spec("jack-rtmidi"), clock);
  Engine engine(link, clock, {});
  const auto messages = std::vector<std::vector<uint8_t>>(3, sysex(16));
  const Capture c = engine.probe(messages);
  ASSERT_EQ(c.probe_latency_ns.size(), 3u);
  for (int64_t ns : c.probe_latency_ns) EXPECT_EQ(ns, -1);
  EXPECT_EQ(c.flushes.size(), 3u);
  // Each probe's first packet (F0 05 05), released by the flush's F7 (the first packet of its
  // transfer, and the only one this interface passes).
  EXPECT_EQ(bytes_in(c.arrivals), 3u * 4u);
  const std::vector<Arrival> test = arrivals_for_test(c);
  EXPECT_EQ(bytes_in(test), 3u * 3u);
  for (const auto& a : test) EXPECT_EQ(a.bytes, std::vector<uint8_t>({0xF0, 0x05, 0x05}));
}

TEST(Engine, NoFlushWhenEverythingCameBack) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good"), clock);
  Engine engine(link, clock, {});
  const Capture c = engine.run({sysex(300)}, Pacing{});
  EXPECT_FALSE(c.flushed());
  EXPECT_EQ(c.sent.size(), 300u);
}

TEST(Engine, ProbeMeasuresLatencyAndStopsWhenNothingComesBack) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good"), clock);
  Engine engine(link, clock, {});
  const auto messages = std::vector<std::vector<uint8_t>>(3, sysex(16));
  const Capture c = engine.probe(messages);
  ASSERT_EQ(c.probe_latency_ns.size(), 3u);
  // 16 bytes on the wire, then the next 1 ms USB frame.
  EXPECT_EQ(c.probe_latency_ns[0], 6'000'000);

  // A link that never answers: one probe and its flush, then give up.
  VirtualClock silent_clock;
  testing::SilentLink silent(silent_clock);
  Engine lonely(silent, silent_clock, {});
  const Capture nothing = lonely.probe(messages);
  ASSERT_EQ(nothing.probe_latency_ns.size(), 1u);
  EXPECT_EQ(nothing.probe_latency_ns[0], -1);
  EXPECT_EQ(nothing.flushes.size(), 1u);
  EXPECT_LE(nothing.end_ns, wire_ns(16) + EngineOptions{}.probe_timeout_ns + wire_ns(kFlushBytes.size()) +
                                EngineOptions{}.idle_ns);
}

TEST(Engine, StopRequestInterruptsSendingAndWaiting) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good"), clock);
  EngineOptions options;
  int polls = 0;
  options.should_stop = [&] { return ++polls > 3; };
  Engine engine(link, clock, options);
  const Capture c = engine.run({sysex(1000)}, Pacing{64, 10'000, 0});
  EXPECT_TRUE(c.interrupted);
  EXPECT_LT(c.chunks.size(), 16u);
}

}  // namespace
}  // namespace midiloop
