#pragma once
// Runs the MIDI 1.0 compliance checks (patterns/compliance) through the loop and judges what came
// back: pass, or a named deviation with its consequence in plain words.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "patterns/compliance.hpp"
#include "reports/report.hpp"
#include "tester/engine.hpp"

namespace midiloop {

struct Deviation {
  std::string name;
  std::string effect;  // "harmless", "playing" or "transfers"
  std::string consequence;
};

// Every deviation a check can report, for the docs and the tests.
const std::vector<Deviation>& compliance_deviations();

// Judges one check from the bytes sent (its units, back to back) and the bytes that came back.
ComplianceResult judge_compliance(const ComplianceCheck& check, std::span<const uint8_t> received);

// The largest-SysEx check, from the suite's test of it (a paced single SysEx).
ComplianceResult judge_largest_sysex(const TestResult& test);

// The test a run judges the largest-SysEx check from: its largest paced single SysEx, or failing
// that its largest single SysEx. nullptr if it has none.
const TestResult* largest_sysex_test(const std::vector<TestResult>& tests);

// Sends every check at half the wire rate and judges it. Stops at an interruption; the last
// result then says interrupted.
std::vector<ComplianceResult> run_compliance(Engine& engine, double wire_speed,
                                             const std::function<void(const ComplianceResult&)>& on_done);

}  // namespace midiloop
