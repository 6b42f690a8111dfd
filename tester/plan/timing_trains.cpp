#include "tester/plan/timing_trains.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace midiloop {

std::vector<std::vector<uint8_t>> latency_probes(uint32_t count) {
  std::vector<std::vector<uint8_t>> probes;
  probes.reserve(count);
  for (uint32_t k = 0; k < count; ++k) {
    probes.push_back({0x90, static_cast<uint8_t>(k % 128), static_cast<uint8_t>(1 + (k / 128) % 127)});
  }
  return probes;
}

std::vector<double> throughput_shares() { return {0.10, 0.25, 0.50, 0.75, 0.90, 1.00, 1.10, 1.25, 1.50, 2.00}; }

TestCase throughput_train(double share, double wire_bps) {
  constexpr uint32_t kMessageBytes = 64;
  constexpr double kOfferedSeconds = 0.4;  // long enough for 1 ms USB frames to be 0.25 % of it
  const double rate = share * wire_bps;
  const auto count = static_cast<uint32_t>(std::max(3.0, std::ceil(rate * kOfferedSeconds / kMessageBytes)));
  const int percent = static_cast<int>(std::lround(share * 100));
  return {"throughput/" + std::to_string(percent) + "%", Shape::train, kMessageBytes, count, Payload::random,
          Pacing{16, 0, 0, rate}};
}

}  // namespace midiloop
