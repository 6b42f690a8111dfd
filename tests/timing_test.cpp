// Latency statistics and the throughput curve's summary, from known inputs; and round trips
// through the emulator, each probe matched to its own echo.
#include <gtest/gtest.h>

#include "patterns/wire.hpp"
#include "tester/emulated_link.hpp"
#include "tester/timing.hpp"

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
  EXPECT_EQ(holds.back_pressure, "holds-back");
  EXPECT_DOUBLE_EQ(holds.drain_bps, 3120);
  EXPECT_EQ(summarize_throughput({step(2.0, 6250, 3120, 900)}, 3125).back_pressure, "drops");
  EXPECT_EQ(summarize_throughput({step(2.0, 6250, 3120, 0)}, 3125).back_pressure, "buffers");
  EXPECT_EQ(summarize_throughput({step(0.5, 1560, 1550, 0)}, 3125).back_pressure, "unknown");
}

TEST(Throughput, EmulatedModelsShowTheirBackPressure) {
  for (const auto& [model, expected] : {std::pair{"good", "holds-back"}, std::pair{"cheap-fifo", "drops"}}) {
    VirtualClock clock;
    EmulatedLink link(parse_model_spec(model), clock, 1);
    Engine engine(link, clock, {});
    const auto curve = measure_throughput(engine, 1.0, 1, 100, {});
    ASSERT_EQ(curve.steps.size(), throughput_shares().size());
    EXPECT_EQ(curve.back_pressure, expected) << model;
    // Neither delivers faster than the wire, and both reach it.
    EXPECT_LE(curve.drain_bps, 3125 * 1.01) << model;
    EXPECT_GE(curve.drain_bps, 3125 * 0.95) << model;
    // Below the wire's rate everything offered is delivered.
    EXPECT_NEAR(curve.steps[2].delivered_bps, curve.steps[2].offered_bps, 0.05 * curve.steps[2].offered_bps) << model;
  }
}

TEST(RoundTrips, EachProbeIsMatchedToItsOwnEcho) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good"), clock, 1);
  Engine engine(link, clock, {});
  const auto trips = engine.round_trips(latency_probes(50));
  ASSERT_EQ(trips.ns.size(), 50u);
  for (int64_t ns : trips.ns) {
    // Two or three bytes on the wire (running status) and at most one 1 ms USB frame.
    EXPECT_GE(ns, wire_ns(2));
    EXPECT_LE(ns, wire_ns(3) + 1'000'000);
  }
}

TEST(RoundTrips, GivesUpWhenNothingComesBack) {
  VirtualClock clock;
  // A SysEx that `truncate:n=1` cuts after its F0 never comes back whole.
  EmulatedLink link(parse_model_spec("truncate:n=1"), clock, 1);
  Engine engine(link, clock, {});
  const std::vector<std::vector<uint8_t>> never_whole(10, std::vector<uint8_t>{0xF0, 0x7D, 0x01, 0xF7});
  const auto trips = engine.round_trips(never_whole, 3);
  EXPECT_EQ(trips.ns.size(), 3u);
  for (int64_t ns : trips.ns) EXPECT_EQ(ns, -1);
}

}  // namespace
}  // namespace midiloop
