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

TEST(Verdict, AStepTheHostDisturbedIsNeverProofOfASoftwareLoop) {
  // Live, at 256 frames under load: 95 xruns bunched a 200 % train's arrivals into 5649 B/s.
  const auto fine = suite_with(passed("full/256"));
  ThroughputCurve disturbed = curve(true);
  for (auto& step : disturbed.steps) step.host_trouble = step.faster_than_wire;
  EXPECT_EQ(decide(fine, &disturbed).verdict, Verdict::pass);
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

// Every number in the verdict text is read from the report: change the report, the sentence changes.
namespace midiloop {
namespace {

std::string text_of(const Report& report) { return explain_verdict(report, report.tests.size()); }

PacingTrial tried(TrialPhase phase, uint32_t chunk, double rate, bool lossless) {
  PacingTrial t;
  t.phase = phase;
  t.pacing = {chunk, 0, 0, rate};
  t.lossless = lossless;
  t.bytes_lost = lossless ? 0 : 24;
  return t;
}

Report failed_after_search(std::vector<PacingTrial> trace) {
  Report r;
  r.verdict = Verdict::fail;
  r.tests = suite_with(failed("full/16384", 12000));
  r.pacing_search = std::move(trace);
  return r;
}

TEST(Explanation, TheSearchRangeIsTheSlowestRateAndSmallestChunkTried) {
  const auto to_3_bytes = text_of(failed_after_search(
      {tried(TrialPhase::search, 12, 781.25, false), tried(TrialPhase::search, 3, 781.25, false)}));
  EXPECT_NE(to_3_bytes.find("2 pacings were tried, down to a quarter of the wire's rate and 3-byte chunks"),
            std::string::npos)
      << to_3_bytes;
  // A search that found two large chunks lossless and then failed to confirm either never went
  // below them.
  const auto to_192 = text_of(failed_after_search({tried(TrialPhase::search, 256, 2900, false),
                                                   tried(TrialPhase::search, 192, 2900, true),
                                                   tried(TrialPhase::confirm, 192, 2700, false)}));
  EXPECT_NE(to_192.find("3 pacings were tried, down to 86 % of the wire's rate and 192-byte chunks"),
            std::string::npos)
      << to_192;
  EXPECT_EQ(to_192.find("quarter"), std::string::npos) << to_192;
  // The share is of this run's wire.
  Report fast_wire = failed_after_search({tried(TrialPhase::search, 48, 3125, false)});
  fast_wire.wire_speed = 2;
  EXPECT_NE(text_of(fast_wire).find("down to half of the wire's rate and 48-byte chunks"), std::string::npos)
      << text_of(fast_wire);
}

Report paced_after_search(const Pacing& advised, std::vector<PacingTrial> trace) {
  Report r = failed_after_search(std::move(trace));
  r.verdict = Verdict::pass_with_pacing;
  r.advice = make_advice(advised, 1.0);
  return r;
}

TEST(Advice, APauseAfterEachMessageIsAmidisIntervalAndSysExLibrariansPause) {
  // 96-byte chunks at 2906.25 B/s make amidi -i 3 on their own; 200 ms after each F7 is more.
  EXPECT_EQ(make_advice({96, 0, 0, 2906.25}, 1.0).tools.amidi_interval_ms, 3);
  EXPECT_EQ(make_advice({96, 0, 200'000, 2906.25}, 1.0).tools.amidi_interval_ms, 200);
  const auto paced = text_of(paced_after_search({96, 0, 200'000, 2906.25}, {tried(TrialPhase::confirm, 96, 2906.25, true)}));
  EXPECT_NE(paced.find("speed 2906 B/s, pause between messages at least 200 ms; amidi -i 200"), std::string::npos)
      << paced;
  const auto unpaused = text_of(paced_after_search({96, 0, 0, 2906.25}, {tried(TrialPhase::confirm, 96, 2906.25, true)}));
  EXPECT_EQ(unpaused.find("pause between messages"), std::string::npos) << unpaused;
}

TEST(Explanation, TheMarginIsTheAdvicesBelowTheFastestLosslessSearchAtItsChunkSize) {
  const Pacing advised{96, 0, 0, 2906.25};
  const auto seven = text_of(paced_after_search(
      advised, {tried(TrialPhase::search, 96, 781.25, true), tried(TrialPhase::search, 96, 3125, true),
                tried(TrialPhase::confirm, 96, 2906.25, true)}));
  EXPECT_NE(seven.find("confirmed with a 7 % margin on an OS-like transfer"), std::string::npos) << seven;
  // The confirmation stepped down once more: the margin the advice keeps is larger.
  const auto thirteen = text_of(paced_after_search(
      {96, 0, 0, 2718.75}, {tried(TrialPhase::search, 96, 3125, true), tried(TrialPhase::confirm, 96, 2906.25, false),
                            tried(TrialPhase::confirm, 96, 2718.75, true)}));
  EXPECT_NE(thirteen.find("confirmed with a 13 % margin"), std::string::npos) << thirteen;
  // Only trials at the advised chunk size count, and only lossless search steps.
  const auto twenty = text_of(paced_after_search(
      {96, 0, 0, 2000}, {tried(TrialPhase::search, 128, 3125, true), tried(TrialPhase::search, 96, 3125, false),
                         tried(TrialPhase::search, 96, 2500, true), tried(TrialPhase::confirm, 96, 2000, true)}));
  EXPECT_NE(twenty.find("confirmed with a 20 % margin"), std::string::npos) << twenty;
  // No search step at that chunk size: no margin is claimed.
  const auto unknown = text_of(paced_after_search(advised, {tried(TrialPhase::confirm, 96, 2906.25, true)}));
  EXPECT_NE(unknown.find("(93 % of the wire), confirmed on an OS-like transfer"), std::string::npos) << unknown;
  EXPECT_EQ(unknown.find("margin"), std::string::npos) << unknown;
}

Report passed_with(std::vector<TestResult> tests) {
  Report r;
  r.verdict = Verdict::pass;
  r.tests = std::move(tests);
  return r;
}

TEST(Explanation, ThePassNamesTheLargestSysexThatRan) {
  TestResult largest = passed("full/16384");
  largest.message_bytes = 16384;
  TestResult train = passed("train/700x111", Shape::train);
  train.message_bytes = 111;
  const auto standard = text_of(passed_with({passed("probe", Shape::probe), largest, train}));
  EXPECT_NE(standard.find("bytes, SysEx up to 16 KB and an OS-like train of short messages) came back"),
            std::string::npos)
      << standard;
  largest.message_bytes = 4096;
  const auto smaller = text_of(passed_with({passed("probe", Shape::probe), largest, train}));
  EXPECT_NE(smaller.find("SysEx up to 4 KB and an OS-like train"), std::string::npos) << smaller;
  largest.message_bytes = 1000;
  const auto no_train = text_of(passed_with({passed("probe", Shape::probe), largest}));
  EXPECT_NE(no_train.find("bytes, SysEx up to 1000 bytes) came back"), std::string::npos) << no_train;
  EXPECT_EQ(no_train.find("OS-like"), std::string::npos) << no_train;
  // Control changes are not SysEx: they do not count as the largest.
  TestResult cc = passed("running-status/cc", Shape::running_status);
  cc.message_bytes = 3;
  const auto with_cc = text_of(passed_with({passed("probe", Shape::probe), cc}));
  EXPECT_NE(with_cc.find("SysEx up to 256 bytes)"), std::string::npos) << with_cc;
}

}  // namespace
}  // namespace midiloop
