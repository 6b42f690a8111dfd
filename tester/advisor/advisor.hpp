#pragma once
// From test results to a verdict, and the verdict in plain words.
#include <string>
#include <vector>

#include "patterns/wire.hpp"
#include "patterns/shape.hpp"
#include "reports/report.hpp"

namespace midiloop {

Verdict decide_verdict(const std::vector<TestResult>& tests, bool interrupted, std::size_t tests_planned);

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
