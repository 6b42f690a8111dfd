#pragma once
// Judges what came back of the MIDI 1.0 compliance checks (tester/plan/compliance_checks): pass, or
// a named deviation with its consequence in plain words.
#include <span>
#include <string>
#include <vector>

#include "tester/plan/compliance_checks.hpp"
#include "reports/report.hpp"

namespace midiloop {

struct Deviation {
  std::string name;
  Effect effect = Effect::harmless;
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

}  // namespace midiloop
