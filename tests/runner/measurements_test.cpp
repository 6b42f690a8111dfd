// The timing measurements through the emulator: each model's back-pressure on the throughput
// curve, and round trips with each probe matched to its own echo.
#include <gtest/gtest.h>

#include "patterns/wire.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/plan/timing_trains.hpp"
#include "tester/runner/measurements.hpp"

namespace midiloop {
namespace {

TEST(Throughput, EmulatedModelsShowTheirBackPressure) {
  for (const auto& [model, expected] :
       {std::pair{"good", BackPressure::holds_back}, std::pair{"cheap-fifo", BackPressure::drops}}) {
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
