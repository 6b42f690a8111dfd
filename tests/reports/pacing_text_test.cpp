// A pacing in words: the one wording, in each form a place needs.
#include <gtest/gtest.h>

#include "reports/pacing_text.hpp"

namespace midiloop {
namespace {

const Pacing kGap{64, 25'600, 0, 0};         // the paced tests: 64 B every 25.6 ms, 2500 B/s
const Pacing kRate{96, 0, 0, 2906.25};       // an advice
const Pacing kEvery{64, 25'600, 1'000, 2500};

TEST(PacingText, FullSpeedInEveryForm) {
  for (auto form : {PacingForm::fields, PacingForm::share, PacingForm::phrase, PacingForm::cell}) {
    EXPECT_EQ(pacing_text({}, form), "full speed");
  }
  EXPECT_EQ(pacing_text({}, PacingForm::manner), "at full speed");
  EXPECT_EQ(pacing_text({256, 0, 0, 0}, PacingForm::phrase), "full speed") << "a chunk size alone paces nothing";
}

TEST(PacingText, FieldsSayEachFieldAsItIsSet) {
  EXPECT_EQ(pacing_text(kGap), "64 B chunks, 25.6 ms apart");
  EXPECT_EQ(pacing_text(kRate), "96 B chunks, 2906 B/s");
  EXPECT_EQ(pacing_text(kEvery), "64 B chunks, 25.6 ms apart, 2500 B/s, 1.0 ms after F7");
}

TEST(PacingText, ShareGivesTheRateAsAShareOfTheWire) {
  EXPECT_EQ(pacing_text(kGap, PacingForm::share), "64 B chunks, 80 % rate");
  EXPECT_EQ(pacing_text(kGap, PacingForm::share, 2 * kWireBytesPerSecond), "64 B chunks, 40 % rate");
  EXPECT_EQ(pacing_text(kEvery, PacingForm::share), "64 B chunks, 80 % rate, 1.0 ms after F7");
}

TEST(PacingText, PhraseMannerAndCellGiveTheRateAChunkGapMakes) {
  EXPECT_EQ(pacing_text(kRate, PacingForm::phrase), "96-byte chunks at 2906 B/s");
  EXPECT_EQ(pacing_text(kGap, PacingForm::phrase), "64-byte chunks at 2500 B/s");
  EXPECT_EQ(pacing_text(kRate, PacingForm::manner), "in 96-byte chunks at 2906 B/s");
  EXPECT_EQ(pacing_text(kRate, PacingForm::cell), "96 B at 2906 B/s");
  EXPECT_EQ(pacing_text(kEvery, PacingForm::phrase), "64-byte chunks at 2500 B/s, 1.0 ms after F7");
  EXPECT_EQ(pacing_text({0, 0, 0, 2000}, PacingForm::manner), "at 2000 B/s") << "no chunk size: the link's own";
}

TEST(PacingText, RateIsTheRateOrTheOneTheChunkGapMakes) {
  EXPECT_EQ(pacing_rate_bps(kRate), 2906.25);
  EXPECT_EQ(pacing_rate_bps(kGap), 2500);
  EXPECT_EQ(pacing_rate_bps({}), 0);
  EXPECT_EQ(pacing_rate_bps({0, 25'600, 0, 0}), 0) << "a gap without a chunk size makes no rate";
}

}  // namespace
}  // namespace midiloop
