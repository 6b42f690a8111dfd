#include "tester/advisor/pacing_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "patterns/wire.hpp"
#include "tester/advisor/advisor.hpp"
#include "tester/analysis/case_analysis.hpp"
#include "tester/plan/search_trains.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/runner/suite_runner.hpp"

namespace midiloop {
namespace {

// An interface with a known edge: lossless for chunks up to `fifo` bytes at up to `max_share` of
// the wire, and nothing else.
TrialRunner known_edge(uint32_t fifo, double max_share, int* trials = nullptr) {
  return [=](const Pacing& p, TrialPhase) {
    if (trials) ++*trials;
    PacingTrial t;
    t.lossless = p.chunk_bytes <= fifo && p.rate_bps <= max_share * 3125.0;
    t.bytes_lost = t.lossless ? 0 : 1;
    return t;
  };
}

TEST(PacingSearch, FindsTheLargestChunkThatFitsAndARateJustBelowTheEdge) {
  int trials = 0;
  const auto r = search_pacing(known_edge(100, 0.8, &trials), {});
  ASSERT_TRUE(r.recommended);
  // 96 and 48 both reach the edge; the smaller chunk leaves more room in the buffer.
  EXPECT_EQ(r.recommended->chunk_bytes, 48u);
  const double share = r.recommended->rate_bps / 3125.0;
  EXPECT_LE(share, 0.8);
  EXPECT_GE(share, 0.8 * 0.93 * 0.99);
  EXPECT_EQ(static_cast<int>(r.trace.size()), trials);
  EXPECT_LT(trials, 30) << "bisection, not a grid";
}

// The progress line's "at most" holds whatever the interface does: here for every outcome of each
// trial drawn from a fixed sequence (a loss that shrinks or not as pacing slows, confirmations that
// fail), and for the interfaces of the tests around.
TEST(PacingSearch, NoSearchRunsMoreTrialsThanItsMost) {
  const PacingSearchOptions options;
  std::size_t longest = 0;
  for (uint32_t seed = 1; seed <= 2000; ++seed) {
    uint32_t state = seed;
    const auto r = search_pacing(
        [&](const Pacing&, TrialPhase) {
          state = state * 1664525u + 1013904223u;
          PacingTrial t;
          t.lossless = (state >> 16) % 3 != 0;
          t.bytes_lost = t.lossless ? 0 : (state >> 8) % 7 + 1;
          return t;
        },
        options);
    longest = std::max(longest, r.trace.size());
  }
  for (const auto& edge : {known_edge(100, 0.8), known_edge(3, 0.26), known_edge(1000, 1.0)}) {
    longest = std::max(longest, search_pacing(edge, options).trace.size());
  }
  EXPECT_LE(longest, most_trials(options));
  EXPECT_EQ(most_trials(options), 8u * 9u + 2u * 9u);
}

// An instrument that needs a pause after each message: every pacing tried keeps it, so the one
// advised does.
TEST(PacingSearch, EveryPacingTriedKeepsThePauseAfterEachMessage) {
  PacingSearchOptions options;
  options.message_gap_us = 200'000;
  std::vector<Pacing> tried;
  const auto edge = known_edge(100, 0.8);
  const auto r = search_pacing(
      [&](const Pacing& p, TrialPhase phase) {
        tried.push_back(p);
        return edge(p, phase);
      },
      options);
  ASSERT_TRUE(r.recommended);
  EXPECT_EQ(r.recommended->message_gap_us, 200'000);
  ASSERT_FALSE(tried.empty());
  for (const Pacing& p : tried) EXPECT_EQ(p.message_gap_us, 200'000);
}

TEST(PacingSearch, NothingRecommendedWhenEvenTheSlowestFails) {
  const auto r = search_pacing([](const Pacing&, TrialPhase) { return PacingTrial{}; }, {});
  EXPECT_FALSE(r.recommended);
  EXPECT_EQ(r.trace.size(), PacingSearchOptions{}.chunk_sizes.size());
}

TEST(PacingSearch, ConfirmationThatNeverHoldsGivesUpAfterAFewRates) {
  // Losses shrink as the rate falls, but never reach zero: every attempt is made.
  const auto r = search_pacing(
      [](const Pacing& p, TrialPhase phase) {
        PacingTrial t;
        t.lossless = phase == TrialPhase::search;
        t.bytes_lost = t.lossless ? 0 : static_cast<uint64_t>(p.rate_bps);
        return t;
      },
      {});
  EXPECT_FALSE(r.recommended);
  int confirms = 0;
  for (const auto& t : r.trace) confirms += t.phase == TrialPhase::confirm || t.phase == TrialPhase::repeat;
  // Each of the two chunk sizes found gets its attempts.
  EXPECT_EQ(confirms, 2 * PacingSearchOptions{}.confirm_attempts);
}

TEST(PacingSearch, StopsConfirmingWhenSlowerLosesNoLess) {
  const auto r = search_pacing(
      [](const Pacing&, TrialPhase phase) {
        PacingTrial t;
        t.lossless = phase == TrialPhase::search;
        t.bytes_lost = t.lossless ? 0 : 24;  // the same loss at every rate: not a pacing problem
        return t;
      },
      {});
  EXPECT_FALSE(r.recommended);
  int confirms = 0;
  for (const auto& t : r.trace) confirms += t.phase == TrialPhase::confirm;
  EXPECT_EQ(confirms, 2);
}

TEST(Advice, SettingsForTheToolsPeopleUse) {
  const Advice a = make_advice(Pacing{96, 0, 0, 2906}, 1.0);
  EXPECT_EQ(a.tools.midi_ox_buffer_bytes, 96u);
  EXPECT_EQ(a.tools.midi_ox_delay_ms, 34);  // 96 B at 2906 B/s = 33.03 ms, rounded up
  EXPECT_EQ(a.tools.sysex_librarian_buffer_bytes, 96u);
  EXPECT_EQ(a.tools.sysex_librarian_speed_bps, 2906);
  EXPECT_EQ(a.tools.amidi_interval_ms, 3);  // 33.03 ms minus amidi's own 30.72 ms for 96 bytes
  EXPECT_NEAR(a.os_minutes_full_speed, 14683.0 * 111 * 320e-6 / 60, 0.01);  // ~8.7 minutes
  EXPECT_NEAR(a.os_minutes_advised, a.os_minutes_full_speed * 3125 / 2906, 0.01);
  // A bootloader's 200 ms after each F7 is 200 ms more for each of the OS's 14,683 messages: the
  // 15-byte end of each message waits the pause, not its 5 ms at the rate.
  const Advice paused = make_advice(Pacing{96, 0, 200'000, 2906}, 1.0);
  EXPECT_NEAR(paused.os_minutes_advised, 14683.0 * (96.0 / 2906 + 0.2) / 60, 0.01);
}

// What the suite on the emulator recommends, and what an exhaustive sweep says is possible.
struct Emulated {
  ModelConfig model;
  uint32_t id = 100;
  PacingTrial send(const Pacing& p, const TestCase& test) {
    VirtualClock clock;
    EmulatedLink link(model, clock, 1);
    Engine engine(link, clock, {});
    const Capture c = engine.run(build_messages(test, id, 1), p);
    const TestResult r = analyze_case(test, id, c, 1.0);
    PacingTrial t;
    t.lossless = r.pass;
    return t;
  }
};

class PacingAdvice : public ::testing::TestWithParam<std::string> {};

TEST_P(PacingAdvice, IsSafeForAWholeOsAndNotNeedlesslySlow) {
  const ModelConfig model = parse_model_spec(GetParam());
  VirtualClock clock;
  EmulatedLink link(model, clock, 1);
  const Report report = run_suite(quick_suite(), link, clock, RunSettings{});
  ASSERT_EQ(report.verdict, Verdict::pass_with_pacing) << report.verdict_text;
  ASSERT_TRUE(report.advice);
  const Pacing advised = report.advice->pacing;

  // Exhaustive sweep of the search's own workload: every chunk size, 2.5 % steps up to the wire.
  Emulated emulated{model};
  double fastest = 0;
  for (uint32_t chunk : PacingSearchOptions{}.chunk_sizes) {
    for (double share = 1.0; share > 0.2; share -= 0.025) {
      const Pacing p{chunk, 0, 0, share * kWireBytesPerSecond};
      const auto workload = search_trains(p);
      auto lossless = [&](const TestCase& t) { return emulated.send(p, t).lossless; };
      if (std::all_of(workload.begin(), workload.end(), lossless)) {
        fastest = std::max(fastest, share);
        break;
      }
    }
  }
  ASSERT_GT(fastest, 0);
  EXPECT_GE(advised.rate_bps / kWireBytesPerSecond, 0.9 * fastest)
      << "advised " << advised.rate_bps << " B/s, sweep found " << fastest * 100 << " % lossless";

  // Rehearse a Machinedrum-OS-shaped transfer (14,683 x 111 bytes, 1.63 MB) at the advice.
  const TestCase os{"rehearse/os", Shape::train, 111, static_cast<uint32_t>(kOsMessages), Payload::random, {}};
  VirtualClock os_clock;
  EmulatedLink os_link(model, os_clock, 1);
  Engine engine(os_link, os_clock, {});
  const Capture c = engine.run(build_messages(os, 200, 7), advised);
  const TestResult r = analyze_case(os, 200, c, 1.0);
  EXPECT_EQ(r.bytes_sent, kOsMessages * kOsMessageBytes);
  EXPECT_TRUE(r.pass) << r.errors.dropped << " dropped";
  EXPECT_EQ(r.errors.dropped + r.errors.inserted + r.errors.corrupted, 0u);
}

INSTANTIATE_TEST_SUITE_P(Models, PacingAdvice, ::testing::Values("cheap-fifo", "cheap-fifo:fifo=48", "half-duplex"),
                         [](const auto& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace midiloop
