// What the suite does when the host, not the interface, disturbs a test: re-run, set aside, and
// never a verdict that rests on a test the host spoiled.
#include "tester/cli/exit_codes.hpp"
#include "tester/runner/suite_runner.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "tester/links/emulated/emulated_link.hpp"
#include "tester/links/emulated/host_model.hpp"

namespace midiloop {
namespace {

// An emulated interface behind a host that misses a cycle (an xrun) whenever a send is of a size
// `disturbs` picks: every try of the tests sent so is disturbed.
class XrunOnSends final : public Link {
 public:
  XrunOnSends(const std::string& model, VirtualClock& clock, std::function<bool(std::size_t)> disturbs)
      : inner_(parse_model_spec(model), clock), disturbs_(std::move(disturbs)) {}
  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override {
    if (disturbs_(bytes.size())) ++counters_.xruns;
    return inner_.send(bytes, at_ns);
  }
  void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) override {
    inner_.take_left_times(out, deadline_ns);
  }
  bool receive(std::vector<Arrival>& out, int64_t deadline_ns) override { return inner_.receive(out, deadline_ns); }
  std::size_t max_chunk_bytes() const override { return inner_.max_chunk_bytes(); }
  LinkInfo info() const override { return inner_.info(); }
  HostCounters host_counters() const override { return counters_; }

 private:
  EmulatedLink inner_;
  std::function<bool(std::size_t)> disturbs_;
  HostCounters counters_;
};

// Sends larger than `above`: every full-speed test of a SysEx that large.
std::function<bool(std::size_t)> larger_than(std::size_t above) {
  return [above](std::size_t bytes) { return bytes > above; };
}

TEST(HostTrouble, ADisturbedTestIsRunAgainThenSetAsideAndNamed) {
  VirtualClock clock;
  XrunOnSends link("good", clock, larger_than(1000));
  RunSettings settings;
  const Report r = run_suite(quick_suite(), link, clock, settings);
  // The good interface passed those tests anyway: set aside, named, and the verdict still PASS.
  EXPECT_EQ(r.verdict, Verdict::pass);
  std::size_t set_aside = 0;
  for (const auto& t : r.tests) {
    if (!t.host_trouble) continue;
    ++set_aside;
    EXPECT_EQ(t.attempts, 2u) << t.id;
    EXPECT_NE(t.host_trouble_text.find("missed"), std::string::npos) << t.host_trouble_text;
  }
  EXPECT_GE(set_aside, 3u);  // full/1024, full/4096, full/16384
  EXPECT_NE(r.verdict_text.find("disturbed by the host"), std::string::npos) << r.verdict_text;
  EXPECT_EQ(exit_code_for(r, false), kExitSafe);
}

TEST(HostTrouble, AFailureTheHostMayHaveCausedGivesNoVerdict) {
  // cheap-fifo fails every full-speed test above its FIFO's size; when those are exactly the ones
  // the host spoiled, a PASS would rest on the tests that could not show the fault.
  VirtualClock clock;
  XrunOnSends link("cheap-fifo", clock, larger_than(100));
  const Report r = run_suite(quick_suite(), link, clock, RunSettings{});
  EXPECT_EQ(r.verdict, Verdict::incomplete);
  EXPECT_EQ(r.stopped, StopReason::host_trouble);
  EXPECT_EQ(exit_code_for(r, false), kExitSystem);
  EXPECT_NE(r.verdict_text.find("gives no verdict"), std::string::npos) << r.verdict_text;
}

TEST(HostTrouble, AnUndisturbedRunIsNotTouched) {
  VirtualClock clock;
  XrunOnSends link("cheap-fifo", clock, larger_than(SIZE_MAX));
  const Report r = run_suite(quick_suite(), link, clock, RunSettings{});
  EXPECT_EQ(r.verdict, Verdict::pass_with_pacing);
  for (const auto& t : r.tests) {
    EXPECT_FALSE(t.host_trouble) << t.id;
    EXPECT_EQ(t.attempts, 1u) << t.id;
  }
}

}  // namespace
}  // namespace midiloop

namespace midiloop {
namespace {

TEST(HostTrouble, AFailedTestTheHostDisturbedIsConfirmedAtTheAdvisedPacing) {
  // The host disturbs only the 4 KB sends of cheap-fifo's largest full-speed tests; its other
  // failures still lead to a pacing search, whose confirmation runs the set-aside tests again at the
  // advised pacing (small chunks, undisturbed): the advice holds for them too.
  VirtualClock clock;
  XrunOnSends link("cheap-fifo", clock, larger_than(4000));
  const Report r = run_suite(quick_suite(), link, clock, RunSettings{});
  EXPECT_EQ(r.verdict, Verdict::pass_with_pacing) << r.verdict_text;
  bool set_aside_failure = false;
  for (const auto& t : r.tests) set_aside_failure = set_aside_failure || (t.host_trouble && !t.pass);
  EXPECT_TRUE(set_aside_failure);
  ASSERT_TRUE(r.advice);
  EXPECT_LT(r.advice->pacing.chunk_bytes, 4000u);
}

TEST(HostTrouble, AThroughputTrainTheHostDisturbedTwiceIsSetAsideNotJudged) {
  // Every throughput train goes in 16-byte chunks, and nothing else in the quick suite does: here
  // each of their sends comes with an xrun.
  VirtualClock clock;
  XrunOnSends link("cheap-fifo", clock, [](std::size_t bytes) { return bytes == 16; });
  const Report r = run_suite(quick_suite(), link, clock, RunSettings{});
  ASSERT_TRUE(r.throughput);
  ASSERT_FALSE(r.throughput->steps.empty());
  for (const auto& step : r.throughput->steps) EXPECT_TRUE(step.host_trouble) << step.requested_share;
  // Nothing was measured, so nothing is said of back-pressure; the verdict rests on the tests.
  EXPECT_EQ(r.throughput->back_pressure, BackPressure::unknown);
  EXPECT_EQ(r.throughput->drain_bps, 0);
  EXPECT_EQ(r.verdict, Verdict::pass_with_pacing);
}

// Behind WinMM no SysEx piece of 3 bytes or fewer leaves (docs/background.md §6): the search tries
// 4-byte chunks where it would try 3, and the report records only chunk sizes that left, with the
// limits they were cut within.
TEST(SendLimits, TheSearchBehindWinMmTriesAndRecordsOnlyChunkSizesThatLeave) {
  VirtualClock clock;
  HostModelLink link(parse_model_spec("one-event-per-transfer"), parse_host_spec("winmm"), clock);
  const Report r = run_suite(quick_suite(), link, clock, RunSettings{});
  EXPECT_EQ(r.link.max_send_bytes, 2048u);
  EXPECT_EQ(r.link.min_sysex_piece_bytes, 4u);
  EXPECT_FALSE(r.link.whole_sysex);
  ASSERT_FALSE(r.pacing_search.empty());
  bool tried_4 = false;
  for (const PacingTrial& t : r.pacing_search) {
    EXPECT_NE(t.pacing.chunk_bytes, 3u);
    EXPECT_FALSE(t.host_trouble) << t.pacing.chunk_bytes;
    tried_4 = tried_4 || t.pacing.chunk_bytes == 4;
  }
  EXPECT_TRUE(tried_4);
  for (const TestResult& t : r.tests) {
    EXPECT_TRUE(t.pacing.chunk_bytes == 0 || t.pacing.chunk_bytes >= 4) << t.id;
  }
  EXPECT_EQ(verdict_name(r.verdict), "FAIL") << r.verdict_text;
}

}  // namespace
}  // namespace midiloop
