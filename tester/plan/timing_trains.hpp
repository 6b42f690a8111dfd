#pragma once
// The timing workloads: latency probes (single short messages) and the throughput trains.
#include <cstdint>
#include <vector>

#include "tester/plan/suite.hpp"

namespace midiloop {

// `count` note-ons, each different (note and velocity) so each is told apart from a late one.
std::vector<std::vector<uint8_t>> latency_probes(uint32_t count);

// The shares of the wire rate the curve offers.
std::vector<double> throughput_shares();

// The train offered at `share` of the wire rate `wire_bps`: 64-byte SysEx in 16-byte chunks, about
// 0.4 s of it (at least 3 messages).
TestCase throughput_train(double share, double wire_bps);

}  // namespace midiloop
