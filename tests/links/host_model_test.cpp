// The host models: what JACK, RtMidi's JACK backend, WinMM and the ALSA sequencer do to bytes and
// times between midiloop and an emulated interface, each checked against the behaviour it models.
#include "tester/links/emulated/host_model.hpp"

#include <gtest/gtest.h>

#include "tester/links/emulated/emulated_link.hpp"
#include "tests/support/spec_errors.hpp"

namespace midiloop {
namespace {

constexpr int64_t kMs = 1'000'000;

std::vector<uint8_t> sysex(std::size_t length, uint8_t seed = 0) {
  std::vector<uint8_t> m(length);
  m.front() = 0xF0;
  for (std::size_t k = 1; k + 1 < length; ++k) m[k] = static_cast<uint8_t>((k + seed) & 0x7F);
  m.back() = 0xF7;
  return m;
}

std::vector<Arrival> receive_until(Link& link, VirtualClock& clock, int64_t until_ns) {
  std::vector<Arrival> out;
  while (clock.now_ns() < until_ns) link.receive(out, until_ns);
  return out;
}

std::vector<uint8_t> bytes_of(const std::vector<Arrival>& arrivals) {
  std::vector<uint8_t> all;
  for (const auto& a : arrivals) all.insert(all.end(), a.bytes.begin(), a.bytes.end());
  return all;
}

std::vector<int64_t> left_times(Link& link, VirtualClock& clock) {
  std::vector<int64_t> left;
  link.take_left_times(left, clock.now_ns() + 1000 * kMs);
  return left;
}

// Frame times at 48 kHz, as JACK counts them from frame 0 at time 0.
int64_t frame_ns(int64_t frame) { return frame / 48000 * 1'000'000'000 + frame % 48000 * 1'000'000'000 / 48000; }
int64_t frame_at_or_after(int64_t t_ns) {
  int64_t f = t_ns / 1'000'000'000 * 48000 + (t_ns % 1'000'000'000 * 48000) / 1'000'000'000;
  while (frame_ns(f) < t_ns) ++f;
  return f;
}
bool on_a_frame(int64_t t_ns) { return frame_ns(frame_at_or_after(t_ns)) == t_ns; }

TEST(HostSpec, ParsesDefaultsAndParameters) {
  const HostSpec jack = parse_host_spec("jack");
  EXPECT_EQ(jack.param("period"), 256);
  EXPECT_EQ(jack.param("rate"), 48000);
  EXPECT_EQ(jack.spec(), "jack:period=256,rate=48000");
  EXPECT_EQ(parse_host_spec("jack:period=1024").spec(), "jack:period=1024,rate=48000");
  EXPECT_EQ(parse_host_spec("jack-rtmidi:rate=44100,period=64").spec(), "jack-rtmidi:period=64,rate=44100");
  EXPECT_EQ(parse_host_spec("winmm").spec(), "winmm:buffers=4,size=1024");
  EXPECT_EQ(parse_host_spec("winmm:buffers=4,size=1024").param("size"), 1024);
  EXPECT_EQ(parse_host_spec("alsa").spec(), "alsa:out_buffer=4096");
  for (const auto& h : host_models()) EXPECT_EQ(parse_host_spec(h.name).name, h.name);
}

std::string error_of(const std::string& spec) { return testing::error_of(parse_host_spec, spec); }

TEST(HostSpec, BadSpecsNameTheProblemAndTheChoices) {
  EXPECT_EQ(error_of("jak"), "unknown host model 'jak'; host models: jack, jack-rtmidi, winmm, alsa");
  EXPECT_EQ(error_of("jack:perod=256"),
            "host model 'jack' has no parameter 'perod'; parameters: period, rate (write them as jack:key=value)");
  EXPECT_NE(error_of("jack:period").find("has no parameter 'period'"), std::string::npos);
  EXPECT_NE(error_of("jack:").find("nothing after ':'"), std::string::npos);
  EXPECT_EQ(error_of("jack:period=8"),
            "parameter 'period' of host model 'jack' is 8; it must be from 16 to 8192 (frames per JACK cycle (jackd -p))");
  EXPECT_NE(error_of("jack:period=99999").find("from 16 to 8192"), std::string::npos);
  EXPECT_NE(error_of("jack:rate=48k").find("must be a whole number from 8000 to 192000, not '48k'"), std::string::npos);
  EXPECT_NE(error_of("winmm:size=100.5").find("whole number"), std::string::npos);
  EXPECT_NE(error_of("winmm:buffers=0").find("from 1 to 64"), std::string::npos);
  EXPECT_NE(error_of("alsa:out_buffer=").find("not ''"), std::string::npos);
  EXPECT_NE(error_of("alsa:period=256").find("parameters: out_buffer"), std::string::npos);
}

TEST(JackHost, SaysWhatItIs) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("jack:period=1024"), clock);
  const LinkInfo info = link.info();
  EXPECT_EQ(info.kind, "emulated");
  EXPECT_EQ(info.model, "good:fifo=64,speed=1");
  EXPECT_EQ(info.host_model, "jack:period=1024,rate=48000");
  EXPECT_EQ(info.timestamps, TimestampSource::jack_frame);
  EXPECT_EQ(info.resolution_ns, 20833);
  EXPECT_EQ(info.host_delay_ns, 21333333);
  EXPECT_EQ(info.period_frames, 1024u);
  EXPECT_EQ(info.sample_rate, 48000u);
  EXPECT_EQ(link.max_chunk_bytes(), 4096u);
}

TEST(JackHost, SendsLeaveAtTheirFrameOrAtTheNextCycleWhenLate) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("jack"), clock);
  // Asked well ahead: placed at the first frame at or after its time.
  const int64_t at = 100 * kMs + 7'000;
  link.send(sysex(16), at);
  const auto left = left_times(link, clock);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0], frame_ns(frame_at_or_after(at)));
  EXPECT_GE(left[0], at);
  EXPECT_LT(left[0] - at, 20834);
  // Asked for a time already past: frame 0 of the next cycle.
  clock.advance_to(300 * kMs + 1'234'567);
  const int64_t late = clock.now_ns();
  link.send(sysex(16), late - 2 * kMs);
  const auto late_left = left_times(link, clock);
  ASSERT_EQ(late_left.size(), 1u);
  const int64_t frame = frame_at_or_after(late_left[0]);
  EXPECT_EQ(frame_ns(frame), late_left[0]);
  EXPECT_EQ(frame % 256, 0);
  EXPECT_GT(late_left[0], late);
  EXPECT_LE(late_left[0] - late, 5'333'334);
}

TEST(JackHost, ArrivalsAreStampedAtTheirFrameOnePeriodAfterTheInterfaceGaveThem) {
  // The same model without a host gives the interface's own times.
  VirtualClock plain_clock;
  EmulatedLink plain(parse_model_spec("good"), plain_clock);
  const int64_t at = frame_ns(48000);  // 1 s, on a frame (and inside a cycle)
  plain.send(sysex(64), at);
  const auto direct = receive_until(plain, plain_clock, at + 500 * kMs);

  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("jack"), clock);
  link.send(sysex(64), at);
  EXPECT_EQ(left_times(link, clock), std::vector<int64_t>{at});
  // Nothing can be seen at the moment the interface hands it over: the graph runs a cycle once.
  std::vector<Arrival> early;
  link.receive(early, direct.front().t_ns);
  EXPECT_TRUE(early.empty());
  const auto via_jack = receive_until(link, clock, at + 500 * kMs);
  ASSERT_EQ(via_jack.size(), direct.size());
  EXPECT_EQ(bytes_of(via_jack), bytes_of(direct));
  const int64_t period = 5'333'333;
  for (std::size_t k = 0; k < direct.size(); ++k) {
    EXPECT_TRUE(on_a_frame(via_jack[k].t_ns)) << via_jack[k].t_ns;
    // One period later, at the frame its time falls on (rounded up, or the cycle's last frame).
    EXPECT_GE(via_jack[k].t_ns, direct[k].t_ns + period - 20834) << k;
    EXPECT_LE(via_jack[k].t_ns, direct[k].t_ns + period + 20834) << k;
  }
}

TEST(JackHost, AFullPortBufferDefersToTheNextCycleAndLosesNothing) {
  VirtualClock clock;
  // A fast wire, so the link's rate ceiling (48000 B/s at x1, scaled with the wire) is not the limit.
  HostModelLink link(parse_model_spec("good:speed=1000"), parse_host_spec("jack"), clock);
  const auto message = sysex(40'000);
  const int64_t at = 50 * kMs;
  // 40 sends of 1000 bytes for the same moment: a 32768-byte port buffer takes 32 of them.
  for (std::size_t offset = 0; offset < message.size(); offset += 1000) {
    link.send(std::span<const uint8_t>(message).subspan(offset, 1000), at);
  }
  const auto left = left_times(link, clock);
  ASSERT_EQ(left.size(), 40u);
  EXPECT_EQ(left[31], left[0]);
  EXPECT_EQ(left[0], at);
  EXPECT_EQ(left[32], frame_ns(10 * 256));  // frame 0 of the next cycle
  EXPECT_EQ(left[39], left[32]);
  EXPECT_EQ(link.host_counters().sends_deferred, 1u);  // once per full cycle, as tester/links/jack/jack_link.cpp counts
  EXPECT_EQ(link.host_counters().bytes_lost, 0u);
  EXPECT_EQ(bytes_of(receive_until(link, clock, 2000 * kMs)), message);
}

TEST(JackHost, FullSpeedIsHeldToTheLinksRateCeiling) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("jack"), clock);
  const auto message = sysex(16384);
  for (std::size_t offset = 0; offset < message.size(); offset += 4096) {
    link.send(std::span<const uint8_t>(message).subspan(offset, 4096), 100 * kMs);
  }
  const auto left = left_times(link, clock);
  ASSERT_EQ(left.size(), 4u);
  // The bucket starts full, a cycle's worth (256 bytes) and one chunk saved up, and a send goes only
  // when the budget covers it: the first chunk leaves 256 bytes, which 15 more cycles bring to 4096.
  // Then 48000 B/s: 4096 bytes per 16 cycles, never two chunks in one cycle.
  const int64_t first_cycle = frame_at_or_after(left[0]) / 256;  // left[0] is inside it
  EXPECT_EQ(left[1], frame_ns((first_cycle + 15) * 256));
  EXPECT_EQ(left[2], frame_ns((first_cycle + 31) * 256));
  EXPECT_EQ(left[3], frame_ns((first_cycle + 47) * 256));
  EXPECT_EQ(link.host_counters().sends_deferred, 0u);
}

TEST(JackHost, ASendThatLeavesLatePushesTheRestOfItsScheduleBack) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("jack"), clock);
  EXPECT_EQ(link.lead_ns(), 2 * 5'333'333 + 2'000'000);
  clock.advance_to(100 * kMs + 1'000'000);
  const int64_t now = clock.now_ns();
  // Asked for now: it can only make the next cycle. The next, asked 20 ms after it, keeps its gap.
  link.send(sysex(16, 1), now);
  link.send(sysex(16, 2), now + 20 * kMs);
  const auto left = left_times(link, clock);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_GT(left[0], now + 20'834);
  EXPECT_GE(left[1] - left[0], 20 * kMs - 20'834);
  EXPECT_LE(left[1] - left[0], 20 * kMs + 20'834);
}

TEST(JackRtMidiHost, SendsLeaveAtFrameZeroOfTheNextCycle) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("jack-rtmidi"), clock);
  const LinkInfo info = link.info();
  EXPECT_EQ(info.timestamps, TimestampSource::host_timestamp);
  EXPECT_EQ(info.resolution_ns, 5'333'333);
  EXPECT_EQ(info.host_delay_ns, 0);
  // 3 ms into cycle 30: a 3-byte note takes about 2 ms to come back, so had it left at once it
  // would be back within cycle 30. It leaves at cycle 31's frame 0 and comes back in that cycle.
  const int64_t cycle30 = frame_ns(30 * 256), cycle31 = frame_ns(31 * 256);
  const std::vector<uint8_t> note{0x90, 0x3C, 0x40};
  link.send(note, cycle30 + 3 * kMs);
  EXPECT_EQ(left_times(link, clock), std::vector<int64_t>{cycle30 + 3 * kMs});  // RtMidi knows only the hand-over
  const auto back = receive_until(link, clock, cycle30 + 100 * kMs);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].bytes, note);
  EXPECT_EQ(back[0].t_ns, cycle31);  // and its time is that cycle's start
}

TEST(JackRtMidiHost, SysExComesOnlyWholeWithOneTimePerCycle) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("jack-rtmidi"), clock);
  const auto message = sysex(1000);
  link.send(message, 0);
  const auto back = receive_until(link, clock, 1000 * kMs);
  ASSERT_EQ(back.size(), 1u);  // 320 ms of wire, handed over at its F7
  EXPECT_EQ(back[0].bytes, message);
  EXPECT_EQ(frame_at_or_after(back[0].t_ns) % 256, 0);
  EXPECT_EQ(frame_ns(frame_at_or_after(back[0].t_ns)), back[0].t_ns);
}

TEST(JackRtMidiHost, BytesOfASysExWithoutItsEndArePutInFrontOfTheNextMessage) {
  VirtualClock clock;
  // The interface passes only the first 10 bytes of each SysEx, F7 included in what it drops.
  HostModelLink link(parse_model_spec("truncate:n=10"), parse_host_spec("jack-rtmidi"), clock);
  const auto cut = sysex(100, 1);
  const auto whole = sysex(8, 2);
  link.send(cut, 0);
  EXPECT_TRUE(receive_until(link, clock, 500 * kMs).empty());  // held: no event ended with F7
  link.send(whole, clock.now_ns());
  const auto back = receive_until(link, clock, 1000 * kMs);
  ASSERT_EQ(back.size(), 1u);
  std::vector<uint8_t> expected(cut.begin(), cut.begin() + 10);
  expected.insert(expected.end(), whole.begin(), whole.end());
  EXPECT_EQ(back[0].bytes, expected);
}

// A send one byte over `largest` is lost and counted as the host's; one of `largest` comes back
// whole within `wait_ns`.
void expect_largest_send(HostModelLink& link, VirtualClock& clock, std::size_t largest, int64_t wait_ns) {
  link.send(sysex(largest + 1), clock.now_ns());
  EXPECT_EQ(link.host_counters().bytes_lost, largest + 1);
  EXPECT_TRUE(receive_until(link, clock, clock.now_ns() + wait_ns).empty());
  const auto fits = sysex(largest);
  link.send(fits, clock.now_ns());
  EXPECT_EQ(link.host_counters().bytes_lost, largest + 1);
  EXPECT_EQ(bytes_of(receive_until(link, clock, clock.now_ns() + wait_ns)), fits);
}

TEST(JackRtMidiHost, ASendLargerThanItsRingIsDroppedAndCountedAsTheHosts) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good:speed=100"), parse_host_spec("jack-rtmidi"), clock);
  // 16384-byte ring: 16383 bytes writable, each message preceded by an int.
  expect_largest_send(link, clock, 16379, 2000 * kMs);
}

TEST(WinMmHost, SysExComesInBufferSizedPiecesStampedInWholeMilliseconds) {
  for (const auto& [spec, pieces] : std::vector<std::pair<std::string, std::vector<std::size_t>>>{
           {"winmm", {1024, 1024, 952}}, {"winmm:size=1000", {1000, 1000, 1000}}}) {
    VirtualClock clock;
    HostModelLink link(parse_model_spec("good"), parse_host_spec(spec), clock);
    EXPECT_EQ(link.info().resolution_ns, kMs);
    const auto message = sysex(3000);
    // In two sends: WinMM fails one of more than 2048 bytes (the next test).
    link.send(std::span<const uint8_t>(message).first(2048), 0);
    link.send(std::span<const uint8_t>(message).subspan(2048), clock.now_ns());
    const auto back = receive_until(link, clock, 2000 * kMs);
    ASSERT_EQ(back.size(), pieces.size()) << spec;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      EXPECT_EQ(back[k].bytes.size(), pieces[k]) << spec;
      EXPECT_EQ(back[k].t_ns % kMs, 0) << spec;
    }
    EXPECT_EQ(bytes_of(back), message);
  }
}

// WinMM applications on Windows MIDI Services fail a SysEx send of 2049 bytes or more
// (microsoft/MIDI#605); the link says what it may send, so the engine never asks for one.
TEST(WinMmHost, ASendOfMoreThan2048BytesFailsAndTheLinkSaysSo) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("winmm"), clock);
  EXPECT_EQ(link.info().sends, (SendLimits{2048, 4, false}));
  expect_largest_send(link, clock, 2048, 1000 * kMs);
  // Other hosts state no such limits.
  HostModelLink jack(parse_model_spec("good"), parse_host_spec("jack"), clock);
  EXPECT_EQ(jack.info().sends, SendLimits{});
}

TEST(WinMmHost, RealtimeInsideASysExComesBeforeThePieceThatHoldsIt) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("winmm"), clock);
  link.send(std::vector<uint8_t>{0xF0, 0x7D, 0x01, 0xF8, 0x02, 0xF7}, 0);
  const auto back = receive_until(link, clock, 100 * kMs);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].bytes, std::vector<uint8_t>{0xF8});
  EXPECT_EQ(back[1].bytes, (std::vector<uint8_t>{0xF0, 0x7D, 0x01, 0x02, 0xF7}));
}

TEST(WinMmHost, ASysExFragmentOf3BytesOrFewerNeverLeavesAndIsCountedAsTheHosts) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("winmm"), clock);
  const auto message = sysex(100);
  link.send(std::span<const uint8_t>(message).first(98), 0);
  link.send(std::span<const uint8_t>(message).subspan(98), clock.now_ns());  // "62 F7": midiOutShortMsg
  EXPECT_EQ(link.host_counters().bytes_lost, 2u);
  link.send(std::vector<uint8_t>{0xF7}, clock.now_ns());  // a lone F7 too
  link.send(std::vector<uint8_t>{0xF0, 0x7D, 0xF7}, clock.now_ns());
  EXPECT_EQ(link.host_counters().bytes_lost, 6u);
  // A short message that is a whole channel message is what midiOutShortMsg is for.
  link.send(std::vector<uint8_t>{0x90, 0x3C, 0x40}, clock.now_ns());
  EXPECT_EQ(link.host_counters().bytes_lost, 6u);
  const auto back = bytes_of(receive_until(link, clock, 500 * kMs));
  std::vector<uint8_t> expected(message.begin(), message.begin() + 98);
  expected.insert(expected.end(), {0x90, 0x3C, 0x40});
  EXPECT_EQ(back, expected);
}

TEST(AlsaHost, SysExEventsOf256BytesAreJoinedUntilF7WithMicrosecondTimes) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("alsa"), clock);
  EXPECT_EQ(link.info().resolution_ns, 1'000);
  const auto message = sysex(1000);
  link.send(message, 0);
  const auto back = receive_until(link, clock, 1000 * kMs);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].bytes, message);
  EXPECT_EQ(back[0].t_ns % 1'000, 0);
  EXPECT_EQ(link.host_counters().bytes_lost, 0u);
}

TEST(AlsaHost, PacedChunksOfASysExWaitInTheEncoderUntilItsEnd) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("alsa"), clock);
  link.send(sysex(1000), 0);  // the encoder's buffer grows to 1000 bytes
  receive_until(link, clock, 1000 * kMs);
  const auto message = sysex(400, 3);
  int64_t at = 1000 * kMs;
  for (std::size_t offset = 0; offset < message.size(); offset += 100, at += 100 * kMs) {
    link.send(std::span<const uint8_t>(message).subspan(offset, 100), at);
  }
  const auto back = receive_until(link, clock, 3000 * kMs);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].bytes, message);
  // The whole message left with its last chunk, at 1.3 s: 400 bytes of wire after that.
  EXPECT_GE(back[0].t_ns, 1300 * kMs + 400 * 320'000);
}

TEST(AlsaHost, AnEventThatDoesNotFitTheRawmidiBufferIsDroppedAndCountedAsTheHosts) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("good"), parse_host_spec("alsa"), clock);
  const auto first = sysex(4000, 1);
  link.send(first, 0);
  link.send(sysex(4000, 2), 0);  // "seq_midi: MIDI output buffer overrun"
  EXPECT_EQ(link.host_counters().bytes_lost, 4000u);
  link.send(std::vector<uint8_t>{0xF7}, 0);  // a lone F7 makes no event
  EXPECT_EQ(link.host_counters().bytes_lost, 4001u);
  EXPECT_EQ(bytes_of(receive_until(link, clock, 3000 * kMs)), first);
  // Once drained, there is room again.
  HostModelLink roomy(parse_model_spec("good"), parse_host_spec("alsa:out_buffer=8192"), clock);
  roomy.send(sysex(4000, 1), clock.now_ns());
  roomy.send(sysex(4000, 2), clock.now_ns());
  EXPECT_EQ(roomy.host_counters().bytes_lost, 0u);
}

}  // namespace
}  // namespace midiloop
