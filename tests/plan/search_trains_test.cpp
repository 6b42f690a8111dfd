// The pacing search's workloads: what each phase of a trial sends, at the trial's pacing.
#include "tester/plan/search_trains.hpp"

#include <gtest/gtest.h>

namespace midiloop {
namespace {

const Pacing kTried{96, 0, 0, 2906.25};

TEST(SearchTrains, EveryCaseGoesAtTheTrialsPacing) {
  const std::vector<TestCase> failed{{"probe", Shape::probe, 16, 5, Payload::ramp, {}}};
  for (const auto& cases : {search_trains(kTried), confirm_trains(failed, kTried), repeat_trains(kTried)}) {
    ASSERT_FALSE(cases.empty());
    for (const TestCase& test : cases) EXPECT_EQ(test.pacing, kTried) << test.id;
  }
}

TEST(SearchTrains, ASearchStepIsAShortTrainAndOneMidSizedSysex) {
  const auto cases = search_trains(kTried);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].shape, Shape::train);
  EXPECT_EQ(cases[0].count * cases[0].message_bytes, 8u * 111);
  EXPECT_EQ(cases[1].shape, Shape::single);
  EXPECT_EQ(cases[1].message_bytes, 512u);
}

TEST(SearchTrains, AConfirmationAddsTheFailedTestsShortenedAndProbesAsTrains) {
  const std::vector<TestCase> failed{{"probe", Shape::probe, 16, 5, Payload::ramp, {}},
                                     {"train/700x111", Shape::train, 111, 700, Payload::random, {}},
                                     {"full/4096", Shape::single, 4096, 1, Payload::zeros, {}}};
  const auto cases = confirm_trains(failed, kTried);
  ASSERT_EQ(cases.size(), 4u);
  EXPECT_EQ(cases[0].id, "confirm/train");
  EXPECT_EQ(cases[0].count, 64u);
  EXPECT_EQ(cases[1].shape, Shape::train);  // a probe, sent under a pacing like any short message
  EXPECT_EQ(cases[1].count, 5u);
  EXPECT_EQ(cases[2].count, 200u);  // shortened for time
  EXPECT_EQ(cases[3].message_bytes, 4096u);
  EXPECT_EQ(cases[3].payload, Payload::zeros);
  // A repetition is the confirming train alone.
  const auto repeat = repeat_trains(kTried);
  ASSERT_EQ(repeat.size(), 1u);
  EXPECT_EQ(repeat[0].id, "confirm/train");
}

}  // namespace
}  // namespace midiloop
