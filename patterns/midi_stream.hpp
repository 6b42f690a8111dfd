#pragma once
// Facts about MIDI 1.0 byte streams that the analysis needs.
#include <cstddef>
#include <cstdint>
#include <span>

namespace midiloop {

// How many bytes the stream takes on a DIN wire at the least: a transmitter may leave out a channel
// status that repeats the previous one (running status); realtime bytes do not cancel it, SysEx and
// system common do (FACTS.md §1). Host APIs deliver every message with its status, so a loop may
// return more bytes than crossed the wire.
std::size_t wire_length_with_running_status(std::span<const uint8_t> stream);

}  // namespace midiloop
