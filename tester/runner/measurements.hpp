#pragma once
// The measurements beyond the SysEx tests, each a workload of the plan sent through the engine and
// handed to analysis: the compliance checks, the latency of short messages, the throughput curve.
#include <cstdint>
#include <functional>
#include <vector>

#include "reports/report.hpp"
#include "tester/engine/engine.hpp"
#include "tester/plan/suite.hpp"

namespace midiloop {

// Sends every check at half the wire rate and judges it. Stops at an interruption; the last
// result then says interrupted.
std::vector<ComplianceResult> run_compliance(Engine& engine, double wire_speed,
                                             const std::function<void(const ComplianceResult&)>& on_done);

// Round trips of `probes` note-ons, one at a time, with the host's share taken off.
LatencyProfile measure_latency(Engine& engine, uint32_t probes);

// Sends one train and says what came back (the suite runner's, which re-runs a train the host
// disturbed and marks it host_trouble when it was disturbed twice).
using TrainRunner = std::function<TestResult(const TestCase& train)>;

// One train of 64-byte SysEx per share, in 16-byte chunks at that share of the wire rate, each sent
// by `run`; stops at an interruption.
ThroughputCurve measure_throughput(const TrainRunner& run, double wire_speed,
                                   const std::function<void(const ThroughputStep&)>& on_step);

// One train of 64-byte SysEx per share, in 16-byte chunks at that share of the wire rate.
// `first_test_id` numbers the trains' messages (framing); stops at an interruption.
ThroughputCurve measure_throughput(Engine& engine, double wire_speed, uint64_t seed, uint32_t first_test_id,
                                   const std::function<void(const ThroughputStep&)>& on_step);

}  // namespace midiloop
