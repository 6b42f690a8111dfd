#pragma once
// What arrived on a line that must be quiet before a firmware update: stray clock or Active
// Sensing during an update breaks some bootloaders (docs/background.md §8), so send listens first
// and names what it heard, in the words a user acts on.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace midiloop {

// Messages counted by kind. Channel messages under running status count once per message.
struct LineTraffic {
  std::size_t clock = 0;           // F8
  std::size_t active_sensing = 0;  // FE
  std::size_t transport = 0;       // FA start, FB continue, FC stop
  std::size_t reset = 0;           // FF System Reset
  std::size_t other_realtime = 0;  // F9, FD (undefined)
  std::size_t notes = 0;           // 8n note off, 9n note on
  std::size_t controllers = 0;     // Bn control change
  std::size_t programs = 0;        // Cn program change
  std::size_t other_channel = 0;   // An, Dn aftertouch, En pitch bend
  std::size_t sysex = 0;           // F0
  std::size_t system_common = 0;   // F1-F6 (MTC quarter frames, song position, ...)
  std::size_t stray_data = 0;      // data bytes with no status before them
  bool quiet() const;
};

LineTraffic classify_line_traffic(std::span<const uint8_t> bytes);

// One sentence per kind heard, clock and Active Sensing first, each saying what sends it and what
// to do; empty when the line was quiet.
std::vector<std::string> describe_line_traffic(const LineTraffic& traffic);

}  // namespace midiloop
