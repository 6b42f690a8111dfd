// Latency statistics and the throughput curve's summary, from known inputs.
#include <gtest/gtest.h>

#include "patterns/wire.hpp"
#include "tester/analysis/timing_figures.hpp"

namespace midiloop {
namespace {

TEST(LatencyProfile, StatisticsHistogramAndThreshold) {
  std::vector<int64_t> ns;
  for (int k = 1; k <= 99; ++k) ns.push_back(1'000'000 + k * 10'000);  // 1.01 .. 1.99 ms
  ns.push_back(7'200'000);  // one slow outlier
  ns.push_back(-1);         // one lost
  const auto p = latency_profile(ns, "note-on");
  EXPECT_EQ(p.probes_sent, 101u);
  EXPECT_EQ(p.probes_returned, 100u);
  EXPECT_DOUBLE_EQ(p.min_ms, 1.01);
  EXPECT_DOUBLE_EQ(p.max_ms, 7.2);
  EXPECT_NEAR(p.median_ms, 1.51, 0.011);
  EXPECT_TRUE(p.over_threshold);
  EXPECT_GT(p.jitter_ms, 0.5);
  uint32_t total = 0;
  for (auto c : p.histogram) total += c;
  EXPECT_EQ(total, 100u);
  EXPECT_EQ(p.histogram.back(), 1u);  // the outlier has the last bin to itself
  EXPECT_LE(p.histogram.size(), 40u);
}

TEST(LatencyProfile, NothingBackIsNotFlaggedAndHasNoHistogram) {
  const auto p = latency_profile({-1, -1}, "note-on");
  EXPECT_EQ(p.probes_returned, 0u);
  EXPECT_FALSE(p.over_threshold);
  EXPECT_TRUE(p.histogram.empty());
}

ThroughputStep step(double share, double offered, double delivered, uint64_t lost) {
  ThroughputStep s;
  s.requested_share = share;
  s.requested_bps = share * 3125;
  s.offered_bps = offered;
  s.delivered_bps = delivered;
  s.bytes_lost = lost;
  return s;
}

TEST(ThroughputCurve, BackPressureIsToldFromOfferedRateAndLoss) {
  const auto holds = summarize_throughput({step(0.5, 1560, 1550, 0), step(2.0, 3200, 3120, 0)}, 3125);
  EXPECT_EQ(holds.back_pressure, BackPressure::holds_back);
  EXPECT_DOUBLE_EQ(holds.drain_bps, 3120);
  EXPECT_EQ(summarize_throughput({step(2.0, 6250, 3120, 900)}, 3125).back_pressure, BackPressure::drops);
  EXPECT_EQ(summarize_throughput({step(2.0, 6250, 3120, 0)}, 3125).back_pressure, BackPressure::buffers);
  EXPECT_EQ(summarize_throughput({step(0.5, 1560, 1550, 0)}, 3125).back_pressure, BackPressure::unknown);
}

}  // namespace
}  // namespace midiloop
