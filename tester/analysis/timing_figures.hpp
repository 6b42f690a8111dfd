#pragma once
// Timing figures beyond SysEx: latency statistics of single short messages, and the throughput
// curve (offered rate against delivered rate) summed up as a drain rate and back-pressure.
#include <cstdint>
#include <string>
#include <vector>

#include "reports/report.hpp"

namespace midiloop {

// Statistics and histogram of round trips in ns (-1: lost).
LatencyProfile latency_profile(const std::vector<int64_t>& round_trips_ns, const std::string& message);

// Drain rate and back-pressure from the steps; `wire_bps` is the wire's rate at the run's speed.
ThroughputCurve summarize_throughput(std::vector<ThroughputStep> steps, double wire_bps);

}  // namespace midiloop
