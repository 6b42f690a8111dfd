#pragma once
// Runs a suite on a link: probe first, then every case; analysis and verdict into a Report.
#include <functional>

#include "tester/plan/suite.hpp"
#include "reports/report.hpp"
#include "tester/engine/clock.hpp"
#include "tester/engine/engine.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

struct RunSettings {
  uint64_t seed = 1;
  double wire_speed = 1.0;
  std::string label;     // the interface's name for reports and compare
  EngineOptions engine;  // should_stop and progress are used as given
  std::function<void(const TestCase&, std::size_t index, std::size_t total)> on_case_start;
  std::function<void(const TestResult&)> on_case_done;
  // Called after each finished test with the report so far, so partial results can be saved.
  std::function<void(const Report&)> on_partial;
  std::function<void(const PacingTrial&)> on_trial;  // each step of the pacing search
  std::function<void(std::size_t trials_at_most)> on_search_start;  // before its first step
  // "compliance", "latency", "throughput", and "pacing search" when one runs
  std::function<void(const std::string& stage)> on_stage;
  std::function<void(const ComplianceResult&)> on_check;
  std::function<void(const LatencyProfile&)> on_latency;
  std::function<void(const ThroughputStep&)> on_throughput_step;
  bool search_pacing = true;  // when full-speed tests fail, look for a pacing that does not
  int64_t message_gap_us = 0;  // the pause after each F7 every pacing the search tries keeps
};

Report run_suite(const Suite& suite, Link& link, Clock& clock, const RunSettings& settings);

std::string utc_now_iso8601();

// The report's record of a link: what it said of itself, and what one send could be on it.
LinkRecord link_record(const Link& link);

}  // namespace midiloop
