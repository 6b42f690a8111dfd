#pragma once
// The report for people: one line per test, then the verdict in plain words.
#include <ostream>
#include <string>

#include "reports/report.hpp"

namespace midiloop {

std::string summarize_test(const TestResult& test);
std::string summarize_check(const ComplianceResult& check);
std::string summarize_latency(const LatencyProfile& latency);
std::string summarize_step(const ThroughputStep& step, double wire_bps);
// One step of the pacing search: "ok    pacing confirm 96 B chunks, 2906 B/s (93 % of wire)".
std::string summarize_trial(const PacingTrial& trial, double wire_bps);
// The end of the summary: "Verdict: X", each condition as "Only with: ...", the verdict text.
void write_verdict(std::ostream& out, const Report& report);
// Wraps `text` at `width` columns.
std::string wrap(const std::string& text, std::size_t width);

}  // namespace midiloop
