// The MIDI parser the checks rely on, and the judge: each way of mangling a check's bytes gets
// the right deviation name, and what MIDI 1.0 and USB-MIDI allow passes.
#include <gtest/gtest.h>

#include <algorithm>

#include "tester/plan/compliance_checks.hpp"
#include "patterns/midi_stream.hpp"
#include "tester/analysis/compliance_judging.hpp"

namespace midiloop {
namespace {

using Bytes = std::vector<uint8_t>;

ComplianceCheck check(const std::string& id) {
  for (auto& c : compliance_checks()) {
    if (c.id == id) return c;
  }
  ADD_FAILURE() << "no check " << id;
  return {};
}

Bytes sent_by(const ComplianceCheck& c) {
  Bytes all;
  for (const auto& u : c.units) all.insert(all.end(), u.begin(), u.end());
  return all;
}

TEST(ParseMidi, RunningStatusIsExpandedAndRealtimeDoesNotCancelIt) {
  const Bytes stream{0x90, 0x3C, 0x40, 0xF8, 0x3E, 0x40, 0xF2, 0x01, 0x02, 0x40};
  const auto e = parse_midi(stream);
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0].bytes, (Bytes{0x90, 0x3C, 0x40}));
  EXPECT_EQ(e[1].kind, MidiEvent::Kind::realtime);
  EXPECT_EQ(e[2].bytes, (Bytes{0x90, 0x3E, 0x40}));
  EXPECT_TRUE(e[2].running_status);
  EXPECT_EQ(e[3].kind, MidiEvent::Kind::system_common);
  EXPECT_EQ(e[4].kind, MidiEvent::Kind::stray);  // system common cancelled running status
}

TEST(ParseMidi, SysexEndsAtF7OrAnyStatusButRealtime) {
  const Bytes stream{0xF0, 0x01, 0xF8, 0x02, 0xF7, 0xF0, 0x03, 0x90, 0x3C, 0x40, 0xF7};
  const auto e = parse_midi(stream);
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0].bytes, (Bytes{0xF0, 0x01, 0x02, 0xF7}));
  EXPECT_TRUE(e[0].terminated);
  EXPECT_EQ(e[1].inside_sysex, 0);
  EXPECT_EQ(e[1].position, 2u);
  EXPECT_EQ(e[1].stream_position, 2u);
  EXPECT_EQ(e[2].bytes, (Bytes{0xF0, 0x03}));
  EXPECT_FALSE(e[2].terminated);
  EXPECT_EQ(e[3].bytes, (Bytes{0x90, 0x3C, 0x40}));
  EXPECT_EQ(e[4].kind, MidiEvent::Kind::stray);  // F7 with no SysEx open
}

TEST(Compliance, EveryCheckPassesWhenEverythingComesBack) {
  for (const auto& c : compliance_checks()) {
    const Bytes all = sent_by(c);
    const auto r = judge_compliance(c, all);
    EXPECT_TRUE(r.pass) << c.id << ": " << r.deviation;
    EXPECT_TRUE(r.deviation.empty());
  }
}

TEST(Compliance, EveryCheckFailsWhenNothingComesBack) {
  for (const auto& c : compliance_checks()) {
    const auto r = judge_compliance(c, {});
    EXPECT_FALSE(r.pass) << c.id;
    EXPECT_FALSE(r.deviation.empty()) << c.id;
    EXPECT_FALSE(r.consequence.empty()) << c.id;
  }
}

TEST(Compliance, EveryDeviationACheckNamesHasAConsequence) {
  for (const auto& c : compliance_checks()) {
    const auto& all = compliance_deviations();
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [&](const Deviation& d) { return d.name == c.deviation; })) << c.id;
  }
}

TEST(Compliance, RealtimeInSysexMayMoveUpToFourBytesEarlierNotMore) {
  const auto c = check("realtime/in-sysex");
  Bytes moved = sent_by(c);
  // The clock after data byte 7: move it 4 places earlier (two USB hops), then 5.
  const auto at = std::find(moved.begin() + 3, moved.end(), 0xF8) - moved.begin();
  Bytes four = moved;
  four.erase(four.begin() + at);
  four.insert(four.begin() + at - 4, 0xF8);
  EXPECT_TRUE(judge_compliance(c, four).pass);
  Bytes five = moved;
  five.erase(five.begin() + at);
  five.insert(five.begin() + at - 5, 0xF8);
  EXPECT_EQ(judge_compliance(c, five).deviation, "reorders-realtime-in-sysex");
  Bytes late = moved;  // later is never allowed: nothing in USB-MIDI holds realtime back
  late.erase(late.begin() + at);
  late.insert(late.begin() + at + 1, 0xF8);
  EXPECT_EQ(judge_compliance(c, late).deviation, "reorders-realtime-in-sysex");
}

TEST(Compliance, RealtimeInSysexStrippedOrEndingItIsNamed) {
  const auto c = check("realtime/in-sysex");
  const Bytes sent = sent_by(c);
  Bytes stripped;
  for (std::size_t k = 0; k < sent.size(); ++k) {
    if (!(sent[k] >= 0xF8 && k > 0 && k + 1 < sent.size())) stripped.push_back(sent[k]);
  }
  EXPECT_EQ(judge_compliance(c, stripped).deviation, "strips-realtime-in-sysex");
  // Cut at the second clock byte: F7, the clock, then the rest thrown away.
  const auto second = std::find(sent.begin() + 3, sent.end(), 0xF8) - sent.begin();
  Bytes ended(sent.begin(), sent.begin() + second);
  ended.push_back(0xF7);
  ended.push_back(0xF8);
  EXPECT_EQ(judge_compliance(c, ended).deviation, "realtime-ends-sysex");
  Bytes changed = sent;
  changed[5] ^= 0x10;
  EXPECT_EQ(judge_compliance(c, changed).deviation, "damages-sysex");
}

TEST(Compliance, ActiveSensingFilteredIsHarmlessOtherRealtimeLostIsNot) {
  const auto c = check("realtime/alone");
  Bytes no_fe, no_clock;
  for (uint8_t b : sent_by(c)) {
    if (b != 0xFE) no_fe.push_back(b);
    if (b != 0xF8) no_clock.push_back(b);
  }
  const auto fe = judge_compliance(c, no_fe);
  EXPECT_EQ(fe.deviation, "filters-active-sensing");
  EXPECT_EQ(fe.effect, Effect::harmless);
  EXPECT_EQ(judge_compliance(c, no_clock).deviation, "drops-realtime");
}

TEST(Compliance, RealtimeLostFromABurstIsALossInBursts) {
  const auto c = check("realtime/burst");
  Bytes got = sent_by(c);
  got.erase(got.begin() + 5);  // a clock byte from inside the first burst
  const auto r = judge_compliance(c, got);
  EXPECT_EQ(r.deviation, "drops-realtime-in-bursts");
  EXPECT_EQ(r.effect, Effect::playing);
}

TEST(Compliance, RunningStatusTurnedIntoNoteOnsIsNamed) {
  const auto c = check("channel-voice/running-status");
  Bytes got = sent_by(c);
  got[8 * 3 + 3] = 0x91;  // the second controller arrives as a note-on
  EXPECT_EQ(judge_compliance(c, got).deviation, "breaks-running-status");
}

TEST(Compliance, StatusEndedSysexMayGainAnF7ButMustKeepTheNote) {
  const auto c = check("sysex/status-ended");
  const Bytes with_f7{0xF0, 0x7D, 0x01, 0x02, 0x03, 0xF7, 0x90, 0x3C, 0x40, 0x80, 0x3C, 0x00};
  EXPECT_TRUE(judge_compliance(c, with_f7).pass);
  const Bytes joined{0xF0, 0x7D, 0x01, 0x02, 0x03, 0x3C, 0x40, 0x80, 0x3C, 0x00};
  EXPECT_EQ(judge_compliance(c, joined).deviation, "mishandles-unterminated-sysex");
}

TEST(Compliance, ShortSysexWithStaleBytesAtTheEndIsNamed) {
  const auto c = check("sysex/short-payloads");
  Bytes got = sent_by(c);
  got.insert(got.begin() + 2, 0x05);  // a stale byte in the first (3-byte) SysEx
  EXPECT_EQ(judge_compliance(c, got).deviation, "mangles-odd-sysex-endings");
}

TEST(Compliance, LargestSysexIsJudgedFromThePacedTest) {
  TestResult full, paced;
  full.id = "full/16384";
  full.shape = paced.shape = Shape::single;
  full.message_bytes = paced.message_bytes = 16384;
  paced.id = "paced/16384";
  paced.pacing.chunk_bytes = 64;
  paced.pacing.chunk_gap_us = 25600;
  const std::vector<TestResult> tests{full, paced};
  ASSERT_EQ(largest_sysex_test(tests), &tests[1]);
  EXPECT_EQ(judge_largest_sysex(tests[1]).deviation, "damages-long-sysex");
  TestResult clean = paced;
  clean.pass = true;
  EXPECT_TRUE(judge_largest_sysex(clean).pass);
}

}  // namespace
}  // namespace midiloop
