#pragma once
// Aligns what was sent with what came back, locally, so one dropped byte is "1 dropped at 4123"
// and not "everything after 4123 differs". Linear in the stream length: equal runs are walked,
// small edits are found by a bounded look-ahead, long losses are bridged by anchors (8-byte
// k-grams sampled from the sent stream; test messages carry headers and position markers so
// anchors exist even in all-zero payloads), and only the few bytes between two synchronised
// points are diffed exactly, in a window of at most kExactWindow bytes a side.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace midiloop {

struct Alignment {
  uint64_t matched = 0;
  uint64_t dropped = 0;    // sent, never received
  uint64_t inserted = 0;   // received, never sent
  uint64_t corrupted = 0;  // received in place of a sent byte, but different
  std::optional<std::size_t> first_error_sent;      // offset into the sent stream
  std::optional<std::size_t> first_error_received;  // offset into the received stream
  bool clean() const { return dropped == 0 && inserted == 0 && corrupted == 0; }
};

inline constexpr std::size_t kExactWindow = 64;

Alignment align_streams(std::span<const uint8_t> sent, std::span<const uint8_t> received);

}  // namespace midiloop
