#pragma once
// From what a run gathered to a verdict, and the verdict in plain words.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "patterns/wire.hpp"
#include "patterns/shape.hpp"
#include "reports/report.hpp"
#include "tester/advisor/pacing_search.hpp"

namespace midiloop {

// What a verdict is decided from: everything the run gathered.
struct VerdictEvidence {
  std::span<const TestResult> tests{};
  std::size_t tests_planned = 0;
  const ThroughputCurve* throughput = nullptr;  // nullptr: not measured
  const PacingSearchResult* search = nullptr;   // nullptr: no pacing search ran
  std::optional<StopReason> stopped{};          // why the run stopped early, if it did
  double wire_speed = 1.0;                      // the advice's settings are for this wire
};

struct VerdictDecision {
  Verdict verdict = Verdict::incomplete;
  // Why there is no verdict: the reason given, or the pacing search's interruption, or host trouble
  // (the host disturbed a test that showed errors, or the pacing search).
  std::optional<StopReason> stopped;
  std::optional<Advice> advice;  // with PASS_WITH_PACING
  // FAIL by losses that sending slower may cure, and no search ran: run one (search_pacing) and
  // decide again with its result, which may make it PASS_WITH_PACING.
  bool pacing_search_wanted = false;
};

// The verdict, in one place: no loop, incomplete, not a DIN loop (the tests, or a throughput curve
// faster than the wire), pass or fail; with a pacing search, PASS_WITH_PACING and its advice; and no
// verdict (INCOMPLETE, host_trouble) where one would rest on what the host disturbed.
VerdictDecision decide_verdict(const VerdictEvidence& evidence);

// A test that failed only where realtime bytes sat inside its SysEx: every SysEx error lies at one
// (RealtimeCounts::sysex_ended, sysex_damaged). It does not fail the interface; it makes a PASS
// or PASS_WITH_PACING conditional on clock being stopped (verdict_conditions).
bool failed_only_at_realtime(const TestResult& test);

// The one condition a verdict can carry today, in plain words.
inline constexpr const char* kClockStoppedCondition =
    "MIDI clock and every other realtime message (start, stop, Active Sensing) stopped during the transfer";

// What a PASS or PASS_WITH_PACING holds only under (Report::conditions): kClockStoppedCondition when
// a test failed only at its realtime bytes or the MIDI 1.0 checks saw realtime end or damage a
// SysEx. Empty for any other verdict, and for an unconditional one.
std::vector<std::string> verdict_conditions(const Report& report);

std::string explain_verdict(const Report& report, std::size_t tests_planned);
// Compliance deviations, latency and throughput in a few sentences ("" when none were measured).
std::string explain_characterization(const Report& report);

// An interface without back-pressure keeps the first bytes of a burst, as many as its buffer holds,
// and drops the rest: where the first loss falls in bursts sent at full speed estimates that
// buffer. Nothing unless two such bursts agree.
std::optional<uint64_t> estimate_buffer_bytes(const std::vector<TestResult>& tests);

// The pacing as settings of MIDI-OX, SysEx Librarian and amidi, and what it costs an OS upload.
Advice make_advice(const Pacing& pacing, double wire_speed);

}  // namespace midiloop
