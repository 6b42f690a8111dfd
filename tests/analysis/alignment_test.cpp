#include "tester/analysis/alignment.hpp"

#include <gtest/gtest.h>

#include "patterns/framing.hpp"
#include "patterns/payload.hpp"
#include "tester/plan/suite.hpp"

namespace midiloop {
namespace {

std::vector<uint8_t> os_like_stream(std::size_t messages, Payload payload = Payload::random) {
  std::vector<uint8_t> stream;
  for (std::size_t k = 0; k < messages; ++k) {
    const auto m = frame_message(1, static_cast<uint32_t>(k), make_payload(payload, 64, k));
    stream.insert(stream.end(), m.begin(), m.end());
  }
  return stream;
}

TEST(Alignment, IdenticalStreamsAreClean) {
  const auto s = os_like_stream(50);
  const auto a = align_streams(s, s);
  EXPECT_TRUE(a.clean());
  EXPECT_EQ(a.matched, s.size());
  EXPECT_FALSE(a.first_error_sent);
}

TEST(Alignment, OneDroppedByteIsOneDrop) {
  const auto s = os_like_stream(100);
  auto r = s;
  r.erase(r.begin() + 4123);
  const auto a = align_streams(s, r);
  EXPECT_EQ(a.dropped, 1u);
  EXPECT_EQ(a.inserted, 0u);
  EXPECT_EQ(a.corrupted, 0u);
  ASSERT_TRUE(a.first_error_sent);
  EXPECT_NEAR(static_cast<double>(*a.first_error_sent), 4123, 1);
}

TEST(Alignment, InsertsFlipsAndDropsAreToldApart) {
  const auto s = os_like_stream(200);
  auto r = s;
  r[9000] ^= 0x10;                            // corrupted
  r.insert(r.begin() + 6000, {0x00, 0x11});   // inserted
  r.erase(r.begin() + 3000, r.begin() + 3005);  // dropped
  r[1000] ^= 0x01;                            // corrupted
  const auto a = align_streams(s, r);
  EXPECT_EQ(a.corrupted, 2u);
  EXPECT_EQ(a.inserted, 2u);
  EXPECT_EQ(a.dropped, 5u);
  EXPECT_EQ(*a.first_error_sent, 1000u);
}

TEST(Alignment, LongLossIsBridgedNotSmearedOverTheRest) {
  const auto s = os_like_stream(300);  // ~24 KB
  auto r = s;
  r.erase(r.begin() + 5000, r.begin() + 9000);
  const auto a = align_streams(s, r);
  EXPECT_EQ(a.dropped, 4000u);
  EXPECT_EQ(a.inserted + a.corrupted, 0u);
  EXPECT_EQ(a.matched, s.size() - 4000);
}

TEST(Alignment, UniformPayloadsResyncOnMarkers) {
  // All-zero payloads: without markers a drop could hide anywhere in the run.
  const auto s = frame_message(1, 0, std::vector<uint8_t>(4000, 0));
  auto r = s;
  r.erase(r.begin() + 2000, r.begin() + 2003);
  r.erase(r.begin() + 500, r.begin() + 900);
  const auto a = align_streams(s, r);
  EXPECT_EQ(a.dropped, 403u);
  EXPECT_EQ(a.inserted + a.corrupted, 0u);
}

TEST(Alignment, ManyRandomDropsAreCountedExactly) {
  const auto s = os_like_stream(2000);
  std::vector<uint8_t> r;
  uint64_t state = 12345, dropped = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    // 1 % drops, never two adjacent, so each drop is unambiguous
    if ((state >> 33) % 100 == 0 && k > 0 && !r.empty() && r.back() == s[k - 1] && k + 1 < s.size() && s[k] != s[k + 1]) {
      ++dropped;
      continue;
    }
    r.push_back(s[k]);
  }
  ASSERT_GT(dropped, 500u);
  const auto a = align_streams(s, r);
  EXPECT_EQ(a.dropped, dropped);
  EXPECT_EQ(a.inserted, 0u);
  EXPECT_EQ(a.corrupted, 0u);
}

TEST(Alignment, TruncatedAndEmptyReceptions) {
  const auto s = os_like_stream(10);
  EXPECT_EQ(align_streams(s, {}).dropped, s.size());
  std::vector<uint8_t> head(s.begin(), s.begin() + 100);
  const auto a = align_streams(s, head);
  EXPECT_EQ(a.matched, 100u);
  EXPECT_EQ(a.dropped, s.size() - 100);
  EXPECT_EQ(*a.first_error_sent, 100u);
  EXPECT_EQ(align_streams({}, s).inserted, s.size());
}

TEST(Alignment, GarbageAfterTheEndIsInserted) {
  const auto s = os_like_stream(5);
  auto r = s;
  r.insert(r.end(), {0x10, 0x20, 0x30});
  const auto a = align_streams(s, r);
  EXPECT_EQ(a.inserted, 3u);
  EXPECT_EQ(a.dropped + a.corrupted, 0u);
}

}  // namespace
}  // namespace midiloop
