#include "tester/timing.hpp"

#include <algorithm>
#include <cmath>

#include "patterns/framing.hpp"
#include "patterns/wire.hpp"
#include "tester/analysis.hpp"

namespace midiloop {

std::vector<std::vector<uint8_t>> latency_probes(uint32_t count) {
  std::vector<std::vector<uint8_t>> probes;
  probes.reserve(count);
  for (uint32_t k = 0; k < count; ++k) {
    probes.push_back({0x90, static_cast<uint8_t>(k % 128), static_cast<uint8_t>(1 + (k / 128) % 127)});
  }
  return probes;
}

LatencyProfile latency_profile(const std::vector<int64_t>& round_trips_ns, const std::string& message) {
  LatencyProfile p;
  p.message = message;
  std::vector<double> ms;
  for (int64_t ns : round_trips_ns) {
    if (ns >= 0) ms.push_back(static_cast<double>(ns) / 1e6);
  }
  p.probes_sent = static_cast<uint32_t>(round_trips_ns.size());
  p.probes_returned = static_cast<uint32_t>(ms.size());
  if (ms.empty()) return p;
  p.min_ms = *std::min_element(ms.begin(), ms.end());
  p.max_ms = *std::max_element(ms.begin(), ms.end());
  p.median_ms = percentile(ms, 0.5);
  p.p99_ms = percentile(ms, 0.99);
  double sum = 0;
  for (double v : ms) sum += v;
  p.mean_ms = sum / static_cast<double>(ms.size());
  double squares = 0;
  for (double v : ms) squares += (v - p.mean_ms) * (v - p.mean_ms);
  p.jitter_ms = std::sqrt(squares / static_cast<double>(ms.size()));
  // The finest bin that keeps the histogram to 40 bars.
  for (double bin : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0}) {
    p.histogram_bin_ms = bin;
    if (p.max_ms / bin < 40) break;
  }
  p.histogram.assign(static_cast<std::size_t>(p.max_ms / p.histogram_bin_ms) + 1, 0);
  for (double v : ms) {
    const auto bin = std::min(p.histogram.size() - 1, static_cast<std::size_t>(v / p.histogram_bin_ms));
    ++p.histogram[bin];
  }
  p.over_threshold = p.max_ms > p.threshold_ms;
  return p;
}

LatencyProfile measure_latency(Engine& engine, uint32_t probes) {
  const Engine::RoundTrips trips = engine.round_trips(latency_probes(probes));
  LatencyProfile p = latency_profile(trips.ns, "note-on, 3 bytes, each with its own note and velocity");
  p.interrupted = trips.interrupted;
  p.host_delay_ms = static_cast<double>(engine.host_delay_ns()) / 1e6;
  // Two bytes, not three: every probe is a note-on, so the interface may leave its status off the
  // wire (running status).
  const double floor_ns = static_cast<double>(wire_ns(2, engine.wire_speed())) / kWireTolerance -
                          static_cast<double>(engine.resolution_ns());
  p.wire_floor_ms = floor_ns / 1e6;
  for (int64_t ns : trips.ns) {
    if (ns >= 0 && static_cast<double>(ns) < floor_ns) ++p.below_wire_floor;
  }
  return p;
}

std::vector<double> throughput_shares() { return {0.10, 0.25, 0.50, 0.75, 0.90, 1.00, 1.10, 1.25, 1.50, 2.00}; }

ThroughputCurve summarize_throughput(std::vector<ThroughputStep> steps, double wire_bps) {
  ThroughputCurve curve;
  // Offering 5 % over the wire is needed before back-pressure can show: the first bytes of a
  // train always go into the interface's buffer at once.
  constexpr double kOver = 1.05;
  bool measured = false, lossy_fast = false, held_back = true;
  double fastest_clean = 0, fastest = 0;
  for (const auto& s : steps) {
    fastest = std::max(fastest, s.delivered_bps);
    if (s.bytes_lost == 0) fastest_clean = std::max(fastest_clean, s.delivered_bps);
    if (s.interrupted || s.requested_share <= kOver) continue;
    measured = true;
    if (s.offered_bps > wire_bps * kOver) {
      held_back = false;
      lossy_fast = lossy_fast || s.bytes_lost > 0;
    }
  }
  curve.drain_bps = fastest_clean > 0 ? fastest_clean : fastest;
  if (measured) curve.back_pressure = lossy_fast ? "drops" : held_back ? "holds-back" : "buffers";
  curve.steps = std::move(steps);
  return curve;
}

ThroughputCurve measure_throughput(Engine& engine, double wire_speed, uint64_t seed, uint32_t first_test_id,
                                   const std::function<void(const ThroughputStep&)>& on_step) {
  const double wire_bps = kWireBytesPerSecond * wire_speed;
  constexpr uint32_t kMessageBytes = 64;
  constexpr double kOfferedSeconds = 0.4;  // long enough for 1 ms USB frames to be 0.25 % of it
  std::vector<ThroughputStep> steps;
  uint32_t test_id = first_test_id;
  for (double share : throughput_shares()) {
    const double rate = share * wire_bps;
    const auto count = static_cast<uint32_t>(std::max(3.0, std::ceil(rate * kOfferedSeconds / kMessageBytes)));
    const int percent = static_cast<int>(std::lround(share * 100));
    const TestCase test{"throughput/" + std::to_string(percent) + "%", Shape::train, kMessageBytes, count,
                        Payload::random, Pacing{16, 0, 0, rate}};
    const uint32_t id = test_id++ % kMaxTestId + 1;
    const Capture capture = engine.run(build_messages(test, id, seed), test.pacing);
    const TestResult r = analyze_case(test, id, capture, wire_speed);
    ThroughputStep s;
    s.requested_share = share;
    s.requested_bps = rate;
    s.offered_bps = r.achieved.offered_bps;
    s.delivered_bps = r.throughput_bps;
    s.bytes_sent = r.bytes_sent;
    s.bytes_received = r.bytes_received;
    s.bytes_lost = r.errors.dropped + r.errors.inserted + r.errors.corrupted;
    s.faster_than_wire = r.faster_than_wire;
    s.interrupted = capture.interrupted;
    steps.push_back(s);
    if (on_step) on_step(s);
    if (capture.interrupted) break;
  }
  return summarize_throughput(std::move(steps), wire_bps);
}

}  // namespace midiloop
