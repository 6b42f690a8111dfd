#include "tester/advisor/advisor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"

namespace midiloop {
namespace {

bool nothing_back(std::span<const TestResult> tests) {
  return !tests.empty() && tests.front().shape == Shape::probe && tests.front().bytes_received == 0 &&
         !tests.front().interrupted;
}

// What the tests alone say.
Verdict verdict_of_tests(std::span<const TestResult> tests, bool interrupted, std::size_t tests_planned) {
  if (nothing_back(tests)) return Verdict::no_loop;
  if (interrupted || tests.size() < tests_planned) return Verdict::incomplete;
  // A loop faster than the wire did not cross a DIN cable: whatever else it did says nothing
  // about the interface.
  // A test the host spoiled (xruns, a refused write) on both tries says nothing either way.
  if (std::any_of(tests.begin(), tests.end(), [](const TestResult& t) { return t.faster_than_wire && !t.host_trouble; })) {
    return Verdict::not_din;
  }
  // A test whose SysEx broke only where realtime bytes sat inside it does not fail the interface:
  // it makes the verdict conditional (failed_only_at_realtime, verdict_conditions).
  if (std::any_of(tests.begin(), tests.end(),
                  [](const TestResult& t) { return !t.pass && !t.host_trouble && !failed_only_at_realtime(t); })) {
    return Verdict::fail;
  }
  return Verdict::pass;
}

// The throughput curve offers up to twice the wire's rate: a loop that delivers that much did not
// cross a DIN cable, whatever the tests said.
bool curve_faster_than_wire(const ThroughputCurve* curve) {
  return curve && std::any_of(curve->steps.begin(), curve->steps.end(),
                              [](const ThroughputStep& s) { return s.faster_than_wire && !s.host_trouble; });
}

// Pacing cures overflow, which shows as dropped bytes. Where flipped, made-up or mangled bytes
// dominate, a search would only spend wire time.
bool pacing_may_cure(std::span<const TestResult> tests) {
  uint64_t dropped = 0, other = 0;
  for (const auto& t : tests) {
    if (t.host_trouble) continue;
    dropped += t.errors.dropped;
    other += t.errors.inserted + t.errors.corrupted;
  }
  return dropped >= other;
}

}  // namespace

VerdictDecision decide_verdict(const VerdictEvidence& evidence) {
  const auto tests = evidence.tests;
  VerdictDecision decision;
  decision.stopped = evidence.stopped;
  decision.verdict = verdict_of_tests(tests, evidence.stopped.has_value(), evidence.tests_planned);
  if (curve_faster_than_wire(evidence.throughput) &&
      (decision.verdict == Verdict::pass || decision.verdict == Verdict::fail)) {
    decision.verdict = Verdict::not_din;
  }
  if (decision.verdict == Verdict::fail && pacing_may_cure(tests)) {
    const PacingSearchResult* search = evidence.search;
    if (!search) {
      decision.pacing_search_wanted = true;
    } else if (search->stopped) {
      decision.verdict = Verdict::incomplete;
      decision.stopped = StopReason::interrupted;
    } else if (search->recommended) {
      decision.verdict = Verdict::pass_with_pacing;
      decision.advice = make_advice(*search->recommended, evidence.wire_speed);
    }
  }
  // A test the host disturbed twice is set aside, which is right when it passed anyway. One that
  // failed may hide the interface's own failure behind the host's: a PASS cannot rest on it (a
  // PASS_WITH_PACING can: its confirmation ran that test again at the advised pacing). A pacing
  // search the host disturbed proves no pacing either way, so no FAIL rests on it.
  const bool hidden_failure = std::any_of(tests.begin(), tests.end(), [](const TestResult& t) {
    return t.host_trouble && !t.pass && !failed_only_at_realtime(t);
  });
  const bool search_disturbed =
      evidence.search && std::any_of(evidence.search->trace.begin(), evidence.search->trace.end(),
                                     [](const PacingTrial& t) { return t.host_trouble; });
  if ((decision.verdict == Verdict::pass && hidden_failure) ||
      (decision.verdict == Verdict::fail && search_disturbed)) {
    decision.verdict = Verdict::incomplete;
    decision.stopped = StopReason::host_trouble;
    decision.advice.reset();
  }
  return decision;
}

// The user's question is "will my firmware transfer arrive intact". A firmware file holds no
// realtime bytes: they get into the stream only when something else sends clock (a sequencer, a
// DAW's clock output, a merge) to the same port during the transfer. So a test whose SysEx arrived
// intact but whose clock bytes were lost or moved passes (analysis judges SysEx bytes alone), and
// a test whose SysEx broke only where its clock bytes were, every other test intact, shows an
// interface that carries SysEx intact as long as no clock runs: PASS on that condition, stated the
// way PASS_WITH_PACING states settings, not FAIL. Not PASS_WITH_PACING either: sending slower does
// not cure it. Any SysEx error away from a realtime byte still fails the test and the interface.
bool failed_only_at_realtime(const TestResult& t) {
  return !t.pass && !t.interrupted && t.realtime.sysex_ended + t.realtime.sysex_damaged > 0;
}

namespace {

// Compliance deviations that show realtime breaking a SysEx: the check realtime/in-sysex found the
// SysEx ended at a realtime byte, or otherwise damaged (its default deviation).
bool realtime_breaks_sysex(const ComplianceResult& c) {
  return !c.pass && (c.deviation == "realtime-ends-sysex" || c.deviation == "damages-sysex");
}

// Where realtime broke a SysEx, in words, for a conditional verdict: " In test 'X', ...". "" when
// nothing did.
std::string explain_realtime_damage(const Report& report) {
  std::ostringstream out;
  for (const auto& t : report.tests) {
    if (!failed_only_at_realtime(t)) continue;
    out << " In test '" << t.id << "', where clock bytes were sent inside each SysEx, ";
    if (t.realtime.sysex_ended) {
      out << "a clock byte ended the SysEx it fell into and the rest of that SysEx was lost (" << t.realtime.sysex_ended
          << " of " << t.messages << " messages)";
    }
    if (t.realtime.sysex_ended && t.realtime.sysex_damaged) out << ", and ";
    if (t.realtime.sysex_damaged) {
      out << "SysEx bytes were lost, added or changed right where a clock byte was (" << t.realtime.sysex_damaged
          << (t.realtime.sysex_damaged == 1 ? " place)" : " places)");
    }
    out << "; every other SysEx byte arrived.";
    return out.str();
  }
  for (const auto& c : report.compliance) {
    if (!realtime_breaks_sysex(c)) continue;
    out << " The MIDI 1.0 check '" << c.id << "' saw realtime bytes inside a SysEx "
        << (c.deviation == "realtime-ends-sysex" ? "end it" : "damage it") << " (" << c.deviation << ").";
    return out.str();
  }
  return out.str();
}

}  // namespace

std::vector<std::string> verdict_conditions(const Report& report) {
  if (report.verdict != Verdict::pass && report.verdict != Verdict::pass_with_pacing) return {};
  const bool tests_say = std::any_of(report.tests.begin(), report.tests.end(), failed_only_at_realtime);
  const bool checks_say = std::any_of(report.compliance.begin(), report.compliance.end(), realtime_breaks_sysex);
  if (!tests_say && !checks_say) return {};
  return {kClockStoppedCondition};
}

std::optional<uint64_t> estimate_buffer_bytes(const std::vector<TestResult>& tests) {
  std::vector<uint64_t> heads;
  for (const auto& t : tests) {
    const bool burst = t.pacing.full_speed() && (t.shape == Shape::single || t.shape == Shape::train);
    const bool losses_only = t.errors.dropped > 0 && t.errors.inserted == 0 && t.errors.corrupted == 0;
    // Only when what came back is the head of the burst and little else: losses spread through the
    // stream (a chip garbling packets) say nothing about a buffer. Two bytes of slack cover a
    // message's own F7 and a byte still on the wire when the FIFO overflowed.
    const bool clean_head = t.first_error_offset && t.bytes_received <= *t.first_error_offset + 2;
    // A head of one or two USB-MIDI events (3-6 bytes) is packet handling, not a buffer.
    const bool buffer_sized = t.first_error_offset && *t.first_error_offset >= 8;
    if (burst && losses_only && clean_head && buffer_sized) heads.push_back(*t.first_error_offset);
  }
  // A buffer shows the same head in every burst larger than it: ask for two that agree.
  std::sort(heads.begin(), heads.end());
  if (heads.size() < 2 || static_cast<double>(heads[1]) > 1.25 * static_cast<double>(heads[0])) return std::nullopt;
  return heads[0];
}

Advice make_advice(const Pacing& pacing, double wire_speed) {
  Advice advice;
  advice.pacing = pacing;
  const double rate = pacing.rate_bps;
  const double wire = kWireBytesPerSecond * wire_speed;
  ToolSettings& t = advice.tools;
  t.midi_ox_buffer_bytes = pacing.chunk_bytes;
  t.midi_ox_delay_ms = std::ceil(static_cast<double>(pacing.chunk_bytes) * 1000.0 / rate);
  t.sysex_librarian_buffer_bytes = std::clamp<uint32_t>(pacing.chunk_bytes, 4, 256);
  t.sysex_librarian_speed_bps = std::floor(std::clamp(rate, 10.0, 3125.0));
  // amidi already waits 320 us per byte it sent before its -i pause (docs/background.md §1).
  t.amidi_largest_message = pacing.chunk_bytes;
  const double message_ms = static_cast<double>(pacing.chunk_bytes) * 1000.0;
  t.amidi_interval_ms = std::max(0.0, std::ceil(message_ms / rate - message_ms / kWireBytesPerSecond));
  // amidi's -i is a pause after each whole message: a pause the pacing asks after each F7 is its
  // floor (docs/background.md §8). SysEx Librarian's pause between messages is named in the text.
  t.amidi_interval_ms = std::max(t.amidi_interval_ms, std::ceil(static_cast<double>(pacing.message_gap_us) / 1000.0));
  const double os_bytes = static_cast<double>(kOsMessages * kOsMessageBytes);
  advice.os_minutes_full_speed = os_bytes / wire / 60.0;
  // Each message in its chunks, each taking its wire time or its pause, whichever is longer: a pause
  // after each F7 (200 ms for some bootloaders) adds up over 14,683 messages.
  double message_s = 0;
  const std::size_t chunk = pacing.chunk_bytes ? pacing.chunk_bytes : kOsMessageBytes;
  for (std::size_t at = 0; at < kOsMessageBytes; at += chunk) {
    const std::size_t length = std::min(chunk, kOsMessageBytes - at);
    const double gap_s = static_cast<double>(pacing.gap_ns(length, at + length == kOsMessageBytes)) / 1e9;
    message_s += std::max(static_cast<double>(length) / wire, gap_s);
  }
  advice.os_minutes_advised = message_s * static_cast<double>(kOsMessages) / 60.0;
  return advice;
}

namespace {

std::string printed(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

// "16 KB" for a whole number of kilobytes, else "1000 bytes".
std::string size_words(uint64_t bytes) {
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

// A share of the wire's rate as people say it: "a quarter", "half", else "86 %".
std::string share_words(double share) {
  if (std::abs(share - 0.25) < 1e-9) return "a quarter";
  if (std::abs(share - 0.5) < 1e-9) return "half";
  return printed("%.0f %%", 100 * share);
}

double wire_bps(const Report& report) { return kWireBytesPerSecond * report.wire_speed; }

// The tests whose bytes a PASS rests on: all but those that failed only where their clock bytes were.
std::vector<const TestResult*> judged_tests(const Report& report) {
  std::vector<const TestResult*> judged;
  for (const auto& t : report.tests) {
    if (!failed_only_at_realtime(t)) judged.push_back(&t);
  }
  return judged;
}

// What the judged tests sent, in words: "SysEx up to 16 KB and an OS-like train of short messages".
std::string workload_words(const std::vector<const TestResult*>& judged) {
  uint64_t largest = 0;
  bool train = false;
  for (const TestResult* t : judged) {
    if (t->shape != Shape::running_status) largest = std::max<uint64_t>(largest, t->message_bytes);
    train = train || t->shape == Shape::train;
  }
  std::string words = largest ? "SysEx up to " + size_words(largest) : "";
  if (train) words += (words.empty() ? "" : " and ") + std::string("an OS-like train of short messages");
  return words.empty() ? "" : ", " + words;
}

std::string explain_pass(const Report& report, const std::string& only_with) {
  // Bytes that came back as sent: the tests that passed, less the realtime bytes they lost or
  // moved (realtime is not SysEx data, and is not judged with it).
  const std::vector<const TestResult*> judged = judged_tests(report);
  uint64_t sent = 0, realtime_sent = 0, realtime_lost = 0, realtime_moved = 0;
  for (const TestResult* t : judged) {
    sent += t->bytes_sent - std::min(t->bytes_sent, t->realtime.lost + t->realtime.moved);
    realtime_sent += t->realtime.sent;
    realtime_lost += t->realtime.lost;
    realtime_moved += t->realtime.moved;
  }
  const uint64_t realtime_off = realtime_lost + realtime_moved;
  std::ostringstream out;
  out << (realtime_off ? "Every SysEx byte of " : "Every byte of ")
      << (judged.size() == report.tests.size()
              ? "all " + std::to_string(judged.size()) + " tests"
              : "the " + std::to_string(judged.size()) + " tests without clock inside their SysEx")
      << " (" << sent << " bytes" << workload_words(judged) << ") came back intact at full speed.";
  if (realtime_off) {
    out << " Of the " << realtime_sent << " clock bytes sent inside SysEx, ";
    if (realtime_lost) out << realtime_lost << " never came back";
    if (realtime_lost && realtime_moved) out << " and ";
    if (realtime_moved) out << realtime_moved << " came back out of place";
    out << ", which leaves the SysEx itself intact (see the MIDI 1.0 checks).";
  }
  // With no error in N bytes, the rule of three bounds the error rate below 3/N (95 %).
  out << explain_realtime_damage(report) << " This interface is safe for SysEx transfers such as firmware "
      << "updates, at full speed" << only_with << ". No error in " << sent << " bytes puts its byte error rate below "
      << printed("%.2g", 3.0 / static_cast<double>(std::max<uint64_t>(sent, 1))) << " (95 % confidence).";
  return out.str();
}

// How far the pacing search went: "down to a quarter of the wire's rate and 3-byte chunks", from
// the slowest rate and the smallest chunk it tried.
std::string search_range_words(const Report& report) {
  double slowest = wire_bps(report);
  uint32_t smallest = UINT32_MAX;
  for (const PacingTrial& t : report.pacing_search) {
    if (t.pacing.rate_bps > 0) slowest = std::min(slowest, t.pacing.rate_bps);
    if (t.pacing.chunk_bytes > 0) smallest = std::min(smallest, t.pacing.chunk_bytes);
  }
  std::string words = "down to " + share_words(slowest / wire_bps(report)) + " of the wire's rate";
  if (smallest != UINT32_MAX) words += " and " + std::to_string(smallest) + "-byte chunks";
  return words;
}

std::string explain_fail(const Report& report) {
  const auto& tests = report.tests;
  ErrorCounts total;
  std::size_t failed = 0;
  const TestResult* first = nullptr;
  bool paced_clean = false, paced_present = false;
  for (const auto& t : tests) {
    total.dropped += t.errors.dropped;
    total.inserted += t.errors.inserted;
    total.corrupted += t.errors.corrupted;
    total.messages_missing += t.errors.messages_missing;
    if (!t.pass && !first) first = &t;
    failed += !t.pass;
    if (!t.pacing.full_speed()) {
      paced_present = true;
      paced_clean = paced_clean || t.pass;
    }
  }
  std::ostringstream out;
  out << "This interface lost or changed data in " << failed << " of " << tests.size() << " tests: " << total.dropped
      << " bytes dropped, " << total.inserted << " inserted, " << total.corrupted << " corrupted, "
      << total.messages_missing << " messages missing.";
  if (first && first->first_error_offset) {
    out << " The first error was in test '" << first->id << "' at byte " << *first->first_error_offset << ".";
  }
  if (report.estimated_buffer_bytes) {
    out << " Losses begin after about " << *report.estimated_buffer_bytes
        << " bytes of a burst: it seems to buffer that much and drop the rest instead of holding the sender back.";
  }
  out << " Do not send a firmware update through it at full speed: the sender would report success while the "
         "instrument receives damaged data.";
  if (total.dropped < total.inserted + total.corrupted) {
    out << " Most of the damage is bytes changed or added, not lost, which sending slower does not cure, so no "
           "pacing was searched for.";
  } else if (!report.pacing_search.empty()) {
    out << " No pacing cured it: " << report.pacing_search.size() << " pacings were tried, "
        << search_range_words(report) << " (see pacing_search in the report).";
  } else if (paced_present && paced_clean) {
    out << " Some paced tests came back intact.";
  }
  return out.str();
}

std::string explain_not_din(const Report& report) {
  const TestResult* fastest = nullptr;
  for (const auto& t : report.tests) {
    if (t.faster_than_wire && (!fastest || t.bytes_received > fastest->bytes_received)) fastest = &t;
  }
  std::ostringstream out;
  out << "Data came back faster than a MIDI DIN cable can carry it";
  if (fastest) {
    out << " (test '" << fastest->id << "': " << fastest->bytes_received << " bytes in " << fastest->duration_ms
        << " ms; a DIN wire needs at least "
        << static_cast<double>(wire_ns(fastest->bytes_received, report.wire_speed)) / 1e6 << " ms)";
  }
  if (!fastest && report.throughput) {
    for (const auto& step : report.throughput->steps) {
      if (!step.faster_than_wire) continue;
      out << " (offered " << static_cast<int>(step.requested_share * 100) << " % of the wire, it delivered "
          << static_cast<long>(step.delivered_bps) << " B/s; a DIN wire carries at most "
          << static_cast<long>(kWireBytesPerSecond * kWireTolerance * report.wire_speed) << ")";
      break;
    }
  }
  out << ". The ports are connected in software (a virtual port, a software thru, or the wrong pair), not "
         "through a DIN cable, so this run says nothing about an interface. Choose the interface's own ports "
         "and loop its DIN OUT to its DIN IN. (If the link really is faster than MIDI 1.0, say so with "
         "--wire-speed.)";
  return out.str();
}

std::string explain_incomplete(const Report& report, std::size_t tests_planned) {
  const auto& tests = report.tests;
  std::ostringstream out;
  if (report.stopped == StopReason::loop_lost) {
    out << "The loop stopped returning data during test '" << tests.back().id
        << "': nothing came back, although the probe did. The port may have vanished (interface unplugged, "
           "JACK server stopped) or the cable was pulled. The report keeps the "
        << tests.size() - 1 << " tests finished before; reconnect and run again.";
  } else if (report.stopped == StopReason::host_trouble) {
    std::size_t n = 0;
    for (const auto& t : tests) n += t.host_trouble && !t.pass;
    out << "The host (this computer's MIDI system) lost or delayed data on its own (JACK xruns, a full host "
           "buffer, a refused write) during "
        << n << " test" << (n == 1 ? "" : "s")
        << " that showed errors, on both tries, or during the search for a safe pacing. midiloop cannot tell "
           "those errors from the interface's, so it gives no verdict. Close other programs (with JACK, start "
           "it with a larger period) and run again; the report keeps every test.";
  } else if (report.stopped == StopReason::interrupted) {
    out << "Interrupted after " << tests.size() << " of " << tests_planned
        << " tests; the report keeps the finished ones. Run again for a verdict.";
  } else {
    out << "Running: " << tests.size() << " of " << tests_planned << " tests finished so far.";
  }
  return out.str();
}

// The margin the advice keeps below the fastest rate the search saw lossless at the advised chunk
// size (a share: 0.07 for 7 %); nothing when the search did not try that chunk size.
std::optional<double> advice_margin(const Report& report) {
  const Pacing& advised = report.advice->pacing;
  double fastest = 0;
  for (const PacingTrial& t : report.pacing_search) {
    const bool counts = t.phase == TrialPhase::search && t.lossless && !t.interrupted &&
                        t.pacing.chunk_bytes == advised.chunk_bytes;
    if (counts) fastest = std::max(fastest, t.pacing.rate_bps);
  }
  if (!(fastest > 0)) return std::nullopt;
  return 1 - advised.rate_bps / fastest;
}

std::string explain_pass_with_pacing(const Report& report) {
  std::size_t failed = 0;
  for (const auto& t : report.tests) failed += !t.pass && !failed_only_at_realtime(t);
  const Advice& a = *report.advice;
  const auto& tools = a.tools;
  const std::optional<double> margin = advice_margin(report);
  const std::string confirmed =
      margin ? printed("confirmed with a %.0f %% margin", 100 * *margin) : std::string("confirmed");
  // SysEx Librarian pauses between messages on its own (150 ms by default, docs/background.md §4):
  // named only when the advice asks a pause after each F7, as at least that.
  const std::string librarian_pause =
      a.pacing.message_gap_us > 0
          ? printed(", pause between messages at least %.0f ms", std::ceil(static_cast<double>(a.pacing.message_gap_us) / 1000.0))
          : std::string();
  char buf[4096];
  std::snprintf(buf, sizeof buf,
                "This interface loses data at full speed (%zu of %zu tests), but everything came back intact when "
                "sent %s (%.0f %% of the wire), %s on an OS-like transfer and on every "
                "test that had failed. It is safe for firmware updates with these settings: MIDI-OX output buffer "
                "%u bytes, %.0f ms between buffers; SysEx Librarian buffer %u bytes, speed %.0f B/s%s; amidi -i %.0f "
                "(only for files whose messages are at most %u bytes). A Machinedrum OS (1.63 MB) then takes %.1f "
                "minutes instead of %.1f at full speed.",
                failed, report.tests.size(), pacing_text(a.pacing, PacingForm::manner).c_str(),
                100.0 * a.pacing.rate_bps / wire_bps(report), confirmed.c_str(), tools.midi_ox_buffer_bytes,
                tools.midi_ox_delay_ms, tools.sysex_librarian_buffer_bytes, tools.sysex_librarian_speed_bps,
                librarian_pause.c_str(), tools.amidi_interval_ms, tools.amidi_largest_message, a.os_minutes_advised,
                a.os_minutes_full_speed);
  return buf;
}

}  // namespace

std::string explain_verdict(const Report& report, std::size_t tests_planned) {
  const std::vector<std::string> conditions = verdict_conditions(report);
  std::string all_conditions;  // "A and B"
  for (std::size_t k = 0; k < conditions.size(); ++k) all_conditions += (k ? " and " : "") + conditions[k];
  switch (report.verdict) {
    case Verdict::pass:
      return explain_pass(report, conditions.empty() ? "" : ", only with " + all_conditions) +
             explain_characterization(report);
    case Verdict::fail: return explain_fail(report) + explain_characterization(report);
    case Verdict::no_loop:
      return "Nothing came back on the input port. Check that a MIDI cable runs from the interface's DIN OUT to its "
             "own DIN IN, that --out and --in name the same interface, and that it is powered. This is not a "
             "verdict on the interface.";
    case Verdict::not_din: return explain_not_din(report);
    case Verdict::incomplete: return explain_incomplete(report, tests_planned);
    case Verdict::pass_with_pacing: {
      std::string text = explain_pass_with_pacing(report);
      if (!conditions.empty()) {
        text += explain_realtime_damage(report) + " Even with these settings it is safe only with " + all_conditions +
                ".";
      }
      return text + explain_characterization(report);
    }
  }
  return {};
}

std::string explain_characterization(const Report& report) {
  std::ostringstream out;
  if (!report.compliance.empty()) {
    std::vector<std::string> deviations;
    for (const auto& c : report.compliance) {
      if (!c.pass && !c.deviation.empty()) {
        deviations.push_back(c.deviation + " (" + std::string(c.effect ? effect_name(*c.effect) : "") + ")");
      }
    }
    if (deviations.empty()) {
      out << " All " << report.compliance.size() << " MIDI 1.0 checks passed.";
    } else {
      out << " MIDI 1.0 checks: " << deviations.size() << " of " << report.compliance.size() << " deviate: ";
      for (std::size_t k = 0; k < deviations.size(); ++k) out << (k ? ", " : "") << deviations[k];
      out << " (see compliance in the report).";
    }
  }
  if (report.latency && report.latency->probes_returned > 0) {
    const LatencyProfile& l = *report.latency;
    char buf[256];
    std::snprintf(buf, sizeof buf, " Latency of a 3-byte message: median %.2f ms, worst %.2f ms", l.median_ms, l.max_ms);
    out << buf;
    if (l.over_threshold) {
      std::snprintf(buf, sizeof buf, ", above the %.0f ms an established latency test allows: playing through it may feel late",
                    l.threshold_ms);
      out << buf;
    }
    out << ".";
  }
  if (report.throughput && report.throughput->back_pressure != BackPressure::unknown) {
    const ThroughputCurve& t = *report.throughput;
    char buf[128];
    std::snprintf(buf, sizeof buf, " It delivers up to %.0f B/s (%.0f %% of the wire)", t.drain_bps,
                  100 * t.drain_bps / (kWireBytesPerSecond * report.wire_speed));
    out << buf;
    switch (t.back_pressure) {
      case BackPressure::holds_back: out << " and holds a faster sender back without losing data."; break;
      case BackPressure::drops: out << " and, offered more, takes it and drops what does not fit."; break;
      case BackPressure::buffers: out << " and, offered more, took it all into its buffer without loss."; break;
      case BackPressure::unknown: break;
    }
  }
  return out.str();
}

}  // namespace midiloop
