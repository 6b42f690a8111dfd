// The guide's "is the loop cable in?": a probe out and back, judged against the wire it crossed.
#include "tester/runner/loop_check.hpp"

#include <gtest/gtest.h>

#include "patterns/wire.hpp"
#include "tester/engine/engine.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tests/support/silent_link.hpp"

namespace midiloop {
namespace {

const auto kNeverStop = [] { return false; };

TEST(LoopCheck, AGoodInterfaceIsALoopNoFasterThanItsWire) {
  VirtualClock clock;
  EmulatedLink link(parse_model_spec("good"), clock);
  const LoopCheck check = check_loop(link, clock, 1.0, kNeverStop);
  EXPECT_EQ(check.state, LoopState::found);
  // 32 bytes at 320 µs each, then the USB frame that carries the last ones in.
  EXPECT_GE(check.round_trip_ns, wire_ns(32));
  EXPECT_LE(check.round_trip_ns, wire_ns(32) + 2'000'000);
  EXPECT_EQ(check.words().rfind("loop found: ", 0), 0u) << check.words();
}

TEST(LoopCheck, BackFasterThanTheWireIsSoftwarePortsUnlessTheWireIsThatFast) {
  VirtualClock clock;
  EmulatedLink fast(parse_model_spec("good:speed=100"), clock);
  const LoopCheck software = check_loop(fast, clock, 1.0, kNeverStop);
  EXPECT_EQ(software.state, LoopState::faster_than_wire);
  EXPECT_NE(software.words().find("software ports"), std::string::npos);

  VirtualClock turbo_clock;
  EmulatedLink turbo(parse_model_spec("good:speed=2"), turbo_clock);
  EXPECT_EQ(check_loop(turbo, turbo_clock, 2.0, kNeverStop).state, LoopState::found);
}

// No cable: nothing comes back, and the check gives up after the probe's wire time and a second.
TEST(LoopCheck, NothingBackIsSaidAndTheWaitEnds) {
  VirtualClock clock;
  testing::SilentLink link(clock);
  const LoopCheck check = check_loop(link, clock, 1.0, kNeverStop);
  EXPECT_EQ(check.state, LoopState::nothing_back);
  EXPECT_EQ(check.round_trip_ns, -1);
  EXPECT_NE(check.words().find("is the cable in the interface's OUT and its own IN?"), std::string::npos);
  EXPECT_LE(clock.now_ns(), wire_ns(32) + EngineOptions{}.probe_timeout_ns + 100'000'000);
}

}  // namespace
}  // namespace midiloop
