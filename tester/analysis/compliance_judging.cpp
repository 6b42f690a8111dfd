#include "tester/analysis/compliance_judging.hpp"

#include <algorithm>

#include "patterns/midi_stream.hpp"
#include "patterns/shape.hpp"
#include "patterns/wire.hpp"

namespace midiloop {

const std::vector<Deviation>& compliance_deviations() {
  static const std::vector<Deviation> deviations = {
      {"changes-channel-messages", Effect::playing,
       "notes, controllers or program changes arrive changed or not at all: instruments play wrong notes or switch "
       "to wrong sounds."},
      {"breaks-running-status", Effect::playing,
       "messages that went over the wire in running status (a repeated status left out) arrive changed: dense note "
       "or controller passages play wrong, and sending slower does not help."},
      {"realtime-cancels-running-status", Effect::playing,
       "a clock or Active Sensing byte between messages in running status makes the next one arrive wrong: with "
       "clock running, controller sweeps lose steps."},
      {"changes-system-common", Effect::playing,
       "MTC quarter frames, song position, song select or tune request arrive changed or not at all: timecode sync "
       "and song changes fail."},
      {"filters-active-sensing", Effect::harmless,
       "filters Active Sensing: harmless; instruments that watch for it simply do not see it (MIDI 1.0 makes it "
       "optional)."},
      {"drops-realtime", Effect::playing,
       "clock, start, continue, stop or reset bytes are lost: instruments following the clock drift or do not start "
       "and stop."},
      {"drops-realtime-in-bursts", Effect::playing,
       "realtime bytes sent close together are lost: clock ticks go missing at fast tempos or after a start."},
      {"strips-realtime-in-sysex", Effect::playing,
       "clock sent during a SysEx never arrives: instruments following it stumble while a dump or an update runs; "
       "the SysEx itself arrives."},
      {"realtime-ends-sysex", Effect::transfers,
       "a clock byte inside a SysEx ends it and the rest is lost: a firmware update with clock running fails; stop "
       "the clock (and any sync source) before updating."},
      {"reorders-realtime-in-sysex", Effect::playing,
       "clock sent during a SysEx arrives out of its place (after the SysEx, or later than sent): instruments "
       "following it stumble while a dump or an update runs; the SysEx itself arrives."},
      {"damages-sysex", Effect::transfers,
       "SysEx arrives with bytes lost, added or changed: dumps and firmware updates fail."},
      {"drops-empty-sysex", Effect::harmless,
       "an empty SysEx (F0 F7) is lost or changed: harmless for firmware; a few editors use it as a ping."},
      {"mangles-odd-sysex-endings", Effect::transfers,
       "a SysEx whose length is not a multiple of 3 arrives with bytes added or lost at its end: patches and "
       "firmware blocks of such lengths fail."},
      {"merges-sysex-boundaries", Effect::transfers,
       "short SysEx sent back to back lose their boundaries: multi-message dumps and firmware updates arrive as "
       "garbage."},
      {"mishandles-unterminated-sysex", Effect::playing,
       "a SysEx that ends without F7 loses its bytes or swallows the message after it: only senders that leave "
       "out F7 are affected."},
      {"damages-long-sysex", Effect::transfers,
       "a long SysEx arrives damaged even when sent slower than the wire: large dumps, samples and firmware blocks "
       "of that size fail."},
  };
  return deviations;
}

namespace {

// A class-compliant encoder sends realtime at once while up to 2 SysEx bytes wait for a full
// packet (docs/background.md §2); the loop crosses USB twice (patterns/wire.hpp, shared with the analysis).
constexpr std::size_t kAllowedRealtimeShift = kRealtimeShiftAllowed;

ComplianceResult with_deviation(ComplianceResult r, const std::string& name) {
  r.pass = false;
  r.deviation = name;
  for (const auto& d : compliance_deviations()) {
    if (d.name == name) {
      r.effect = d.effect;
      r.consequence = d.consequence;
    }
  }
  return r;
}

struct Split {
  std::vector<MidiEvent> core;      // everything but realtime
  std::vector<MidiEvent> realtime;  // inside_sysex re-numbered as an index into core
};

Split split(const std::vector<MidiEvent>& events) {
  Split s;
  std::vector<long> core_index(events.size(), -1);
  for (std::size_t k = 0; k < events.size(); ++k) {
    if (events[k].kind == MidiEvent::Kind::realtime) {
      MidiEvent e = events[k];
      if (e.inside_sysex >= 0) e.inside_sysex = core_index[static_cast<std::size_t>(e.inside_sysex)];
      s.realtime.push_back(std::move(e));
    } else {
      core_index[k] = static_cast<long>(s.core.size());
      s.core.push_back(events[k]);
    }
  }
  return s;
}

// A SysEx sent without F7 may come back with one added or still without; otherwise equal.
bool same_message(const MidiEvent& sent, const MidiEvent& got) {
  if (sent.kind != got.kind) return false;
  if (sent.bytes == got.bytes) return true;
  if (sent.kind != MidiEvent::Kind::sysex || sent.terminated || !got.terminated) return false;
  return got.bytes.size() == sent.bytes.size() + 1 &&
         std::equal(sent.bytes.begin(), sent.bytes.end(), got.bytes.begin());
}

bool same_messages(const std::vector<MidiEvent>& sent, const std::vector<MidiEvent>& got) {
  return sent.size() == got.size() && std::equal(sent.begin(), sent.end(), got.begin(), same_message);
}

// Which sent realtime bytes came back: matched in order by value.
std::vector<bool> realtime_returned(const std::vector<MidiEvent>& sent, const std::vector<MidiEvent>& got) {
  std::vector<bool> returned(sent.size(), false);
  std::size_t g = 0;
  for (std::size_t s = 0; s < sent.size() && g < got.size(); ++s) {
    std::size_t look = g;
    while (look < got.size() && got[look].bytes != sent[s].bytes) ++look;
    if (look < got.size()) {
      returned[s] = true;
      g = look + 1;
    }
  }
  return returned;
}

// Realtime at most kAllowedRealtimeShift bytes early and never late; early enough, it may come
// before the F0 of the SysEx it was sent in.
bool in_place(const MidiEvent& sent, const MidiEvent& got) {
  return got.stream_position <= sent.stream_position &&
         sent.stream_position - got.stream_position <= kAllowedRealtimeShift;
}

// The SysEx came back cut short just where a realtime byte was, and that byte came right after.
bool ended_at_realtime(const Split& sent, const Split& got) {
  for (const MidiEvent& rt : sent.realtime) {
    if (rt.inside_sysex < 0) continue;
    const auto& whole = sent.core[static_cast<std::size_t>(rt.inside_sysex)].bytes;
    for (const MidiEvent& m : got.core) {
      if (m.kind != MidiEvent::Kind::sysex || m.bytes.size() >= whole.size()) continue;
      const std::size_t kept = m.bytes.size() - (m.terminated ? 1 : 0);
      const bool prefix = std::equal(m.bytes.begin(), m.bytes.begin() + static_cast<long>(kept), whole.begin());
      if (prefix && kept <= rt.position && rt.position - kept <= kAllowedRealtimeShift) return true;
    }
  }
  return false;
}

}  // namespace

ComplianceResult judge_compliance(const ComplianceCheck& check, std::span<const uint8_t> received) {
  std::vector<uint8_t> sent;
  for (const auto& unit : check.units) sent.insert(sent.end(), unit.begin(), unit.end());
  ComplianceResult r;
  r.id = check.id;
  r.group = check.group;
  r.expectation = check.expectation;
  r.sent_hex = hex_bytes(sent);
  r.received_hex = hex_bytes(received);

  const Split want = split(parse_midi(sent));
  const Split got = split(parse_midi(received));
  const bool core_same = same_messages(want.core, got.core);
  const std::vector<bool> returned = realtime_returned(want.realtime, got.realtime);
  const bool all_realtime = std::all_of(returned.begin(), returned.end(), [](bool b) { return b; });
  const bool realtime_same = all_realtime && want.realtime.size() == got.realtime.size();
  bool placed = realtime_same;
  for (std::size_t k = 0; placed && k < want.realtime.size(); ++k) placed = in_place(want.realtime[k], got.realtime[k]);
  if (core_same && placed) {
    r.pass = true;
    return r;
  }

  if (core_same && !all_realtime) {
    bool only_active_sensing = true, only_inside_sysex = true;
    for (std::size_t k = 0; k < returned.size(); ++k) {
      if (returned[k]) continue;
      only_active_sensing = only_active_sensing && want.realtime[k].bytes[0] == 0xFE;
      only_inside_sysex = only_inside_sysex && want.realtime[k].inside_sysex >= 0;
    }
    if (only_active_sensing) return with_deviation(r, "filters-active-sensing");
    if (only_inside_sysex) return with_deviation(r, "strips-realtime-in-sysex");
    if (check.realtime_spacing == RealtimeSpacing::back_to_back) return with_deviation(r, "drops-realtime-in-bursts");
    return with_deviation(r, "drops-realtime");
  }
  if (!core_same && ended_at_realtime(want, got)) return with_deviation(r, "realtime-ends-sysex");
  if (core_same && realtime_same) return with_deviation(r, "reorders-realtime-in-sysex");
  return with_deviation(r, check.deviation);
}

const TestResult* largest_sysex_test(const std::vector<TestResult>& tests) {
  const TestResult* best = nullptr;
  auto better = [&](const TestResult& t) {
    if (!best) return true;
    const bool paced = !t.pacing.full_speed(), best_paced = !best->pacing.full_speed();
    if (paced != best_paced) return paced;
    return t.message_bytes > best->message_bytes;
  };
  for (const auto& t : tests) {
    if (t.shape == Shape::single && better(t)) best = &t;
  }
  return best;
}

ComplianceResult judge_largest_sysex(const TestResult& test) {
  ComplianceResult r;
  r.id = kLargestSysexCheck;
  r.group = MessageGroup::sysex;
  r.expectation = "One SysEx of " + std::to_string(test.message_bytes) +
                  " bytes, the suite's largest, sent in chunks slower than the wire, arrives whole (judged from "
                  "test '" + test.id + "').";
  r.interrupted = test.interrupted;
  r.sent_hex = test.first_error_sent_hex;
  r.received_hex = test.first_error_received_hex;
  if (test.pass) {
    r.pass = true;
    return r;
  }
  return with_deviation(r, "damages-long-sysex");
}

}  // namespace midiloop
