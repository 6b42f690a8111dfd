#pragma once
// Where a message is cut into sends: the one place that decides it, for the engine, which sends,
// and for the runner, which plans a file's time and records the pacing that really left. A pacing
// asks for a chunk size; the link's host says what one send may be (SendLimits): the host's word
// wins, and the pacing recorded is the one the host's word leaves (docs/background.md §6).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "patterns/pacing.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

// The lengths of the sends `message` (one whole message: a SysEx starts with F0) leaves in, in
// order, at `chunk_bytes` (0: as large as the limits allow). A SysEx is cut into chunks of at least
// `min_sysex_piece` bytes, and a last piece shorter than that joins the chunk before it (or, when
// that would pass `max_send`, takes the bytes it lacks from it); other messages are cut by the
// chunk size alone. With `whole_sysex`, a SysEx is one send, even one longer than `max_send`: no
// cut of it would leave at all.
std::vector<std::size_t> send_lengths(std::span<const uint8_t> message, uint32_t chunk_bytes, const SendLimits& limits);

// The pacing as it leaves under `limits`: its chunk size raised to the smallest SysEx piece and
// lowered to the largest send; 0 (whole messages) when a SysEx leaves whole. Gaps are kept.
Pacing effective_pacing(const Pacing& pacing, const SendLimits& limits);

}  // namespace midiloop
