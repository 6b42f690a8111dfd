// Where a message is cut into sends, within what the link's host can send (tester/engine/send_cuts.hpp).
#include "tester/engine/send_cuts.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace midiloop {
namespace {

// RtMidi's master branch on WinMM under Windows MIDI Services (docs/background.md §6).
constexpr SendLimits kWinMm{2048, 4, false};

std::vector<uint8_t> sysex(std::size_t total) {
  std::vector<uint8_t> m(total, 0x05);
  m.front() = 0xF0;
  m.back() = 0xF7;
  return m;
}

std::vector<std::size_t> repeated(std::size_t times, std::size_t length, std::vector<std::size_t> then = {}) {
  std::vector<std::size_t> out(times, length);
  out.insert(out.end(), then.begin(), then.end());
  return out;
}

TEST(SendCuts, ChunksOf3OnWinMmAre4AndTheShortTailJoinsTheChunkBefore) {
  // 111 = 27 x 4 + 3: the 3-byte tail would go through midiOutShortMsg and never leave.
  EXPECT_EQ(send_lengths(sysex(111), 3, kWinMm), repeated(26, 4, {7}));
  EXPECT_EQ(effective_pacing(Pacing{3, 0, 0, 1500}, kWinMm), (Pacing{4, 0, 0, 1500}));
  // Elsewhere 3 stays 3, tail and all.
  EXPECT_EQ(send_lengths(sysex(111), 3, {}), repeated(37, 3));
  EXPECT_EQ(effective_pacing(Pacing{3, 0, 0, 1500}, {}), (Pacing{3, 0, 0, 1500}));
}

TEST(SendCuts, ALoneF7JoinsTheChunkBefore) {
  EXPECT_EQ(send_lengths(sysex(97), 12, kWinMm), repeated(7, 12, {13}));
  EXPECT_EQ(send_lengths(sysex(97), 12, {}), repeated(8, 12, {1}));
}

TEST(SendCuts, NoSendOnWinMmIsLongerThan2048Bytes) {
  // Full speed: as large as the host takes. A 1-byte tail cannot join a chunk already at the
  // largest, so it takes the bytes it lacks from it.
  EXPECT_EQ(send_lengths(sysex(2049), 0, kWinMm), (std::vector<std::size_t>{2045, 4}));
  EXPECT_EQ(send_lengths(sysex(2048), 0, kWinMm), (std::vector<std::size_t>{2048}));
  EXPECT_EQ(send_lengths(sysex(8192), 0, kWinMm), repeated(4, 2048));
  EXPECT_EQ(send_lengths(sysex(8192), 4096, kWinMm), repeated(4, 2048));
  EXPECT_EQ(effective_pacing(Pacing{4096, 0, 0, 0}, kWinMm).chunk_bytes, 2048u);
  EXPECT_EQ(effective_pacing(Pacing{}, kWinMm), Pacing{});  // full speed stays "as large as allowed"
  EXPECT_EQ(send_lengths(sysex(8192), 0, {}), repeated(2, 4096));
}

TEST(SendCuts, AShortMessageThatIsNotSysExIsOneSend) {
  // A note is what midiOutShortMsg is for; the smallest piece is a rule for SysEx only.
  const std::vector<uint8_t> note{0x90, 0x3C, 0x40};
  EXPECT_EQ(send_lengths(note, 0, kWinMm), (std::vector<std::size_t>{3}));
  EXPECT_EQ(send_lengths(note, 1, kWinMm), (std::vector<std::size_t>{1, 1, 1}));
  const std::vector<uint8_t> clock{0xF8};
  EXPECT_EQ(send_lengths(clock, 0, kWinMm), (std::vector<std::size_t>{1}));
  EXPECT_TRUE(send_lengths(std::vector<uint8_t>{}, 0, kWinMm).empty());
}

TEST(SendCuts, AHostThatSendsSysExOnlyWholeGetsEachInOneSend) {
  // RtMidi 5.0 on WinMM: a send that does not start with F0 never leaves as SysEx.
  const SendLimits whole{2048, 4, true};
  EXPECT_EQ(send_lengths(sysex(111), 3, whole), (std::vector<std::size_t>{111}));
  EXPECT_EQ(send_lengths(sysex(8192), 48, whole), (std::vector<std::size_t>{8192}));
  EXPECT_EQ(effective_pacing(Pacing{48, 1000, 2000, 1500}, whole), (Pacing{0, 1000, 2000, 1500}));
  EXPECT_EQ(send_lengths(std::vector<uint8_t>{0x90, 0x3C, 0x40}, 0, whole), (std::vector<std::size_t>{3}));
}

TEST(SendCuts, EveryByteLeavesOnceAndEveryPieceIsWithinTheLimits) {
  for (std::size_t size = 1; size <= 4200; size += size < 40 ? 1 : 37) {
    for (uint32_t chunk : {0u, 1u, 3u, 4u, 5u, 12u, 48u, 256u, 2047u, 2048u, 4096u}) {
      const auto lengths = send_lengths(sysex(size), chunk, kWinMm);
      EXPECT_EQ(std::accumulate(lengths.begin(), lengths.end(), std::size_t{0}), size) << size << " at " << chunk;
      for (std::size_t n : lengths) {
        EXPECT_LE(n, 2048u) << size << " at " << chunk;
        if (lengths.size() > 1) {
          EXPECT_GE(n, 4u) << size << " at " << chunk;
        }
      }
    }
  }
}

}  // namespace
}  // namespace midiloop
