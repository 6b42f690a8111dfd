#pragma once
// Timing beyond SysEx: the latency of single short messages and the throughput curve, offered
// rate against delivered rate from well below the wire's rate to well above it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "reports/report.hpp"
#include "tester/engine.hpp"

namespace midiloop {

// `count` note-ons, each different (note and velocity) so each is told apart from a late one.
std::vector<std::vector<uint8_t>> latency_probes(uint32_t count);

// Statistics and histogram of round trips in ns (-1: lost).
LatencyProfile latency_profile(const std::vector<int64_t>& round_trips_ns, const std::string& message);

LatencyProfile measure_latency(Engine& engine, uint32_t probes);

// The shares of the wire rate the curve offers.
std::vector<double> throughput_shares();

// Drain rate and back-pressure from the steps; `wire_bps` is the wire's rate at the run's speed.
ThroughputCurve summarize_throughput(std::vector<ThroughputStep> steps, double wire_bps);

// One train of 64-byte SysEx per share, in 16-byte chunks at that share of the wire rate.
// `first_test_id` numbers the trains' messages (framing); stops at an interruption.
ThroughputCurve measure_throughput(Engine& engine, double wire_speed, uint64_t seed, uint32_t first_test_id,
                                   const std::function<void(const ThroughputStep&)>& on_step);

}  // namespace midiloop
