#pragma once
// MIDI 1.0 DIN wire timing, in one place (docs/background.md §1): 31.25 kbaud, 10 bits per byte.
#include <cstddef>
#include <cstdint>

namespace midiloop {

inline constexpr double kWireBytesPerSecond = 3125.0;
inline constexpr int64_t kWireByteNs = 320'000;
// The spec allows ±1 % baud; anything faster than this did not cross a DIN cable.
inline constexpr double kWireTolerance = 1.01;

// The transfer the advice is measured against: a Machinedrum OS upload (docs/background.md §5), ~14,683
// messages of 111 bytes, ~1.63 MB.
inline constexpr std::size_t kOsMessages = 14683;
inline constexpr std::size_t kOsMessageBytes = 111;

// Time the wire needs for `bytes` bytes when it runs `speed` times faster than MIDI 1.0.
inline int64_t wire_ns(std::size_t bytes, double speed = 1.0) {
  return static_cast<int64_t>(static_cast<double>(bytes) * static_cast<double>(kWireByteNs) / speed);
}

// When the wire has carried `bytes` bytes that left the host at `left_ns`, the wire being busy with
// earlier bytes until `busy_until_ns`: bytes that leave while the wire is busy queue behind the
// earlier ones (in the interface's buffer), so a host faster than the wire finishes long before the
// wire does. Folded over every send, it is the moment the last byte is out of the interface.
inline int64_t wire_done_ns(int64_t busy_until_ns, int64_t left_ns, std::size_t bytes, double speed = 1.0) {
  return (busy_until_ns > left_ns ? busy_until_ns : left_ns) + wire_ns(bytes, speed);
}

inline bool is_realtime(uint8_t byte) { return byte >= 0xF8; }
// How far a realtime byte may come back ahead of its place among the other bytes and still be in
// place: a class-compliant USB-MIDI encoder sends it at once (CIN 0xF) while up to 2 SysEx bytes
// wait to fill a packet (docs/background.md §2), and a loop crosses USB twice.
inline constexpr std::size_t kRealtimeShiftAllowed = 4;
inline bool is_status(uint8_t byte) { return byte >= 0x80; }

}  // namespace midiloop
