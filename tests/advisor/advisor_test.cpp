// The verdict's one home: what decide_verdict makes of the tests, the throughput curve, the pacing
// search and why a run stopped.
#include "tester/advisor/advisor.hpp"

#include <gtest/gtest.h>

namespace midiloop {
namespace {

TestResult passed(const std::string& id, Shape shape = Shape::single) {
  TestResult t;
  t.id = id;
  t.shape = shape;
  t.message_bytes = 256;
  t.messages = 1;
  t.bytes_sent = t.bytes_received = 256;
  t.pass = true;
  return t;
}

TestResult failed(const std::string& id, uint64_t dropped, uint64_t corrupted = 0) {
  TestResult t = passed(id);
  t.pass = false;
  t.errors.dropped = dropped;
  t.errors.corrupted = corrupted;
  return t;
}

std::vector<TestResult> suite_with(const TestResult& last) { return {passed("probe", Shape::probe), passed("full/16"), last}; }

ThroughputCurve curve(bool faster_than_wire) {
  ThroughputCurve c;
  ThroughputStep step;
  step.requested_share = 2.0;
  step.faster_than_wire = faster_than_wire;
  c.steps = {step};
  return c;
}

PacingTrial trial(bool lossless, bool host_trouble = false) {
  PacingTrial t;
  t.pacing = {96, 0, 0, 2906.25};
  t.lossless = lossless;
  t.host_trouble = host_trouble;
  return t;
}

VerdictDecision decide(const std::vector<TestResult>& tests, const ThroughputCurve* throughput = nullptr,
                       const PacingSearchResult* search = nullptr) {
  return decide_verdict({.tests = tests, .tests_planned = tests.size(), .throughput = throughput, .search = search});
}

TEST(Verdict, ACurveFasterThanTheWireIsNotADinLoopWhateverTheTestsSaid) {
  const auto fine = suite_with(passed("full/256"));
  const ThroughputCurve slow = curve(false), fast = curve(true);
  EXPECT_EQ(decide(fine, &slow).verdict, Verdict::pass);
  EXPECT_EQ(decide(fine, &fast).verdict, Verdict::not_din);
  const auto bad = suite_with(failed("full/256", 100));
  EXPECT_EQ(decide(bad, &fast).verdict, Verdict::not_din);
  EXPECT_FALSE(decide(bad, &fast).pacing_search_wanted);
}

TEST(Verdict, ASearchIsWantedOnlyForLossesPacingMayCure) {
  const auto dropped = decide(suite_with(failed("full/256", 100)));
  EXPECT_EQ(dropped.verdict, Verdict::fail);
  EXPECT_TRUE(dropped.pacing_search_wanted);
  const auto mangled = decide(suite_with(failed("full/256", 10, 90)));
  EXPECT_EQ(mangled.verdict, Verdict::fail);
  EXPECT_FALSE(mangled.pacing_search_wanted);
  EXPECT_FALSE(decide(suite_with(passed("full/256"))).pacing_search_wanted);
}

TEST(Verdict, TheSearchDecidesBetweenPassWithPacingFailAndNoVerdict) {
  const auto tests = suite_with(failed("full/256", 100));
  PacingSearchResult found{Pacing{96, 0, 0, 2906.25}, {trial(true)}, false};
  const auto paced = decide(tests, nullptr, &found);
  EXPECT_EQ(paced.verdict, Verdict::pass_with_pacing);
  EXPECT_FALSE(paced.pacing_search_wanted);
  ASSERT_TRUE(paced.advice);
  EXPECT_EQ(paced.advice->pacing, *found.recommended);
  EXPECT_EQ(paced.advice->tools.midi_ox_buffer_bytes, 96u);

  PacingSearchResult none{std::nullopt, {trial(false)}, false};
  EXPECT_EQ(decide(tests, nullptr, &none).verdict, Verdict::fail);
  EXPECT_FALSE(decide(tests, nullptr, &none).advice);

  PacingSearchResult interrupted{std::nullopt, {trial(false)}, true};
  const auto cut = decide(tests, nullptr, &interrupted);
  EXPECT_EQ(cut.verdict, Verdict::incomplete);
  EXPECT_EQ(cut.stopped, StopReason::interrupted);

  // A search the host disturbed proves no pacing either way: no FAIL rests on it.
  PacingSearchResult disturbed{std::nullopt, {trial(false), trial(false, true)}, false};
  const auto troubled = decide(tests, nullptr, &disturbed);
  EXPECT_EQ(troubled.verdict, Verdict::incomplete);
  EXPECT_EQ(troubled.stopped, StopReason::host_trouble);
  // One that found a pacing all the same stands: its confirmation held.
  PacingSearchResult found_anyway{Pacing{96, 0, 0, 2906.25}, {trial(false, true), trial(true)}, false};
  EXPECT_EQ(decide(tests, nullptr, &found_anyway).verdict, Verdict::pass_with_pacing);
}

TEST(Verdict, NoPassRestsOnAFailureTheHostMayHaveCaused) {
  TestResult spoiled = failed("full/4096", 3000);
  spoiled.host_trouble = true;
  const auto hidden = decide(suite_with(spoiled));
  EXPECT_EQ(hidden.verdict, Verdict::incomplete);
  EXPECT_EQ(hidden.stopped, StopReason::host_trouble);
  EXPECT_FALSE(hidden.advice);
  // Passed anyway: set aside, and the verdict stands.
  spoiled.pass = true;
  EXPECT_EQ(decide(suite_with(spoiled)).verdict, Verdict::pass);
  // With a pacing, it was confirmed at the advised pacing: PASS_WITH_PACING stands.
  spoiled.pass = false;
  auto tests = suite_with(spoiled);
  tests.push_back(failed("full/16384", 12000));
  PacingSearchResult found{Pacing{96, 0, 0, 2906.25}, {trial(true)}, false};
  EXPECT_EQ(decide(tests, nullptr, &found).verdict, Verdict::pass_with_pacing);
}

TEST(Verdict, AStoppedRunKeepsItsReasonAndHasNoVerdict) {
  const auto tests = suite_with(passed("full/256"));
  for (StopReason reason : kAllStopReasons) {
    const auto d = decide_verdict({.tests = tests, .tests_planned = 5, .stopped = reason});
    EXPECT_EQ(d.verdict, Verdict::incomplete) << stop_reason_name(reason);
    EXPECT_EQ(d.stopped, reason);
  }
}

}  // namespace
}  // namespace midiloop
