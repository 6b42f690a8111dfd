#pragma once
// Facts about MIDI 1.0 byte streams that the analysis needs.
#include <cstddef>
#include <cstdint>
#include <span>

namespace midiloop {

// How many bytes the stream takes on a DIN wire at the least: a transmitter may leave out a channel
// status that repeats the previous one (running status); realtime bytes do not cancel it, SysEx and
// system common do (docs/background.md §1). Host APIs deliver every message with its status, so a loop may
// return more bytes than crossed the wire.
std::size_t wire_length_with_running_status(std::span<const uint8_t> stream);

}  // namespace midiloop

#include <string>
#include <vector>

namespace midiloop {

// One message as a MIDI 1.0 receiver understands a byte stream: running status expanded, and
// realtime bytes inside a SysEx taken out of it with their place kept.
struct MidiEvent {
  enum class Kind { channel, system_common, sysex, realtime, stray };
  Kind kind = Kind::stray;
  std::vector<uint8_t> bytes;   // with its status; a SysEx: F0, data, and F7 if it had one
  bool running_status = false;  // channel: its status was left out in the stream
  bool terminated = false;      // SysEx: ended by F7 (not by another status byte or the stream's end)
  // Realtime only: the SysEx it arrived inside (index into the events), or -1; how many of that
  // SysEx's bytes (F0 included) came before it; and how many non-realtime bytes of the whole
  // stream came before it.
  long inside_sysex = -1;
  std::size_t position = 0;
  std::size_t stream_position = 0;
  bool operator==(const MidiEvent&) const = default;
};

// Events in the order they began. Data bytes with no status to belong to, an F7 outside a SysEx,
// and a message cut short by another status are `stray`.
std::vector<MidiEvent> parse_midi(std::span<const uint8_t> stream);

// "F0 7D 01 F7"; at most `limit` bytes, then " ... (N bytes)".
std::string hex_bytes(std::span<const uint8_t> bytes, std::size_t limit = 64);

}  // namespace midiloop
