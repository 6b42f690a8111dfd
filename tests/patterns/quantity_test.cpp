// Numbers from outside: every malformed, non-finite, negative or overflowing text is refused with
// a message naming where it came from and the range; every good one is read exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "patterns/quantity.hpp"

namespace midiloop {
namespace {

std::string refusal(std::string_view text, const Quantity& quantity) {
  try {
    parse_quantity(text, quantity, "--rate");
  } catch (const QuantityError& e) {
    return e.what();
  }
  return "";
}

TEST(Quantity, ReadsPlainDecimalNumbers) {
  EXPECT_EQ(parse_quantity("2700", kRateBps, "--rate"), 2700);
  EXPECT_EQ(parse_quantity("1562.5", kRateBps, "--rate"), 1562.5);
  EXPECT_EQ(parse_quantity("3e3", kRateBps, "--rate"), 3000);
  EXPECT_EQ(parse_quantity("48", kChunkBytes, "--chunk-bytes"), 48);
}

TEST(Quantity, RefusesWhatIsNotAFiniteNumberInRange) {
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", "", " 5", "5 ", "5x", "0x10", "1e400", "-1",
                          "0", "3125001", "1e300", "--1", "+5"}) {
    const std::string message = refusal(bad, kRateBps);
    EXPECT_FALSE(message.empty()) << "'" << bad << "' was accepted";
    EXPECT_NE(message.find("--rate"), std::string::npos) << message;
    EXPECT_NE(message.find("from 1 to 3125000 B/s"), std::string::npos) << message;
  }
}

TEST(Quantity, WholeQuantitiesRefuseFractions) {
  EXPECT_THROW(parse_quantity("48.5", kChunkBytes, "--chunk-bytes"), QuantityError);
  EXPECT_THROW(parse_quantity("65537", kChunkBytes, "--chunk-bytes"), QuantityError);
  EXPECT_THROW(check_quantity(0.5, kChunkBytes, "advice.pacing.chunk_bytes"), QuantityError);
}

TEST(Quantity, SeedsUseTheWhole64Bits) {
  EXPECT_EQ(parse_whole("18446744073709551615", kSeed, "--seed"), UINT64_MAX);
  EXPECT_EQ(parse_whole("0", kSeed, "--seed"), 0u);
  EXPECT_THROW(parse_whole("18446744073709551616", kSeed, "--seed"), QuantityError);
  EXPECT_THROW(parse_whole("-1", kSeed, "--seed"), QuantityError);
  EXPECT_THROW(parse_whole("1.5", kSeed, "--seed"), QuantityError);
  EXPECT_THROW(parse_whole("", kSeed, "--seed"), QuantityError);
}

TEST(Quantity, SourceDateEpochStaysWithinFourDigitYears) {
  EXPECT_EQ(parse_whole("253402300799", kEpochSeconds, "SOURCE_DATE_EPOCH"), 253402300799u);
  EXPECT_THROW(parse_whole("253402300800", kEpochSeconds, "SOURCE_DATE_EPOCH"), QuantityError);
  EXPECT_THROW(parse_whole("-1", kEpochSeconds, "SOURCE_DATE_EPOCH"), QuantityError);
}

TEST(Quantity, NumbersAlreadyParsedAreCheckedTheSameWay) {
  EXPECT_EQ(check_quantity(2.0, kWireSpeed, "wire_speed"), 2.0);
  EXPECT_THROW(check_quantity(std::numeric_limits<double>::infinity(), kWireSpeed, "wire_speed"), QuantityError);
  EXPECT_THROW(check_quantity(std::nan(""), kRateBps, "rate_bps"), QuantityError);
  EXPECT_THROW(check_quantity(-1, kRateBps, "rate_bps"), QuantityError);
}

}  // namespace
}  // namespace midiloop
