#include "tester/analysis/timing_figures.hpp"

#include <algorithm>
#include <cmath>

#include "patterns/wire.hpp"
#include "tester/analysis/case_analysis.hpp"

namespace midiloop {

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

ThroughputCurve summarize_throughput(std::vector<ThroughputStep> steps, double wire_bps) {
  ThroughputCurve curve;
  // Offering 5 % over the wire is needed before back-pressure can show: the first bytes of a
  // train always go into the interface's buffer at once.
  constexpr double kOver = 1.05;
  bool measured = false, lossy_fast = false, held_back = true;
  double fastest_clean = 0, fastest = 0;
  for (const auto& s : steps) {
    if (s.host_trouble) continue;  // its rate and loss are the host's
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
  if (measured) {
    curve.back_pressure = lossy_fast  ? BackPressure::drops
                          : held_back ? BackPressure::holds_back
                                      : BackPressure::buffers;
  }
  curve.steps = std::move(steps);
  return curve;
}

}  // namespace midiloop
