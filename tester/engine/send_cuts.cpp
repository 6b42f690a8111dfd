#include "tester/engine/send_cuts.hpp"

#include <algorithm>

namespace midiloop {
namespace {

// A limit below 2 bytes, or a largest send smaller than two smallest pieces, would leave a piece
// nowhere to go; no host has such limits, so they are read as the nearest that work.
SendLimits workable(SendLimits limits) {
  limits.min_sysex_piece = std::max<std::size_t>(limits.min_sysex_piece, 1);
  limits.max_send = std::max(limits.max_send, 2 * limits.min_sysex_piece);
  return limits;
}

std::size_t chunk_for(uint32_t chunk_bytes, const SendLimits& limits, bool sysex) {
  const std::size_t asked = chunk_bytes == 0 ? limits.max_send : std::min<std::size_t>(chunk_bytes, limits.max_send);
  return sysex ? std::max(asked, limits.min_sysex_piece) : asked;
}

}  // namespace

std::vector<std::size_t> send_lengths(std::span<const uint8_t> message, uint32_t chunk_bytes,
                                      const SendLimits& given) {
  const SendLimits limits = workable(given);
  std::vector<std::size_t> lengths;
  if (message.empty()) return lengths;
  const bool sysex = message.front() == 0xF0;
  if (sysex && limits.whole_sysex) return {message.size()};
  const std::size_t chunk = chunk_for(chunk_bytes, limits, sysex);
  for (std::size_t at = 0; at < message.size(); at += chunk) lengths.push_back(std::min(chunk, message.size() - at));
  if (sysex && lengths.size() > 1 && lengths.back() < limits.min_sysex_piece) {
    const std::size_t tail = lengths.back();
    std::size_t& before = lengths[lengths.size() - 2];
    if (before + tail <= limits.max_send) {
      before += tail;
      lengths.pop_back();
    } else {
      // `before` is within a piece of max_send, so it keeps more than a piece itself.
      before -= limits.min_sysex_piece - tail;
      lengths.back() = limits.min_sysex_piece;
    }
  }
  return lengths;
}

Pacing effective_pacing(const Pacing& pacing, const SendLimits& given) {
  const SendLimits limits = workable(given);
  Pacing effective = pacing;
  if (limits.whole_sysex) {
    effective.chunk_bytes = 0;
  } else if (pacing.chunk_bytes != 0) {
    effective.chunk_bytes = static_cast<uint32_t>(chunk_for(pacing.chunk_bytes, limits, true));
  }
  return effective;
}

}  // namespace midiloop
