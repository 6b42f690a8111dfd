#include "patterns/midi_stream.hpp"

#include "patterns/wire.hpp"

namespace midiloop {

std::size_t wire_length_with_running_status(std::span<const uint8_t> stream) {
  std::size_t length = 0;
  uint8_t running = 0;
  for (uint8_t b : stream) {
    if (is_status(b) && !is_realtime(b)) {
      if (b < 0xF0 && b == running) continue;  // left out on the wire
      running = b < 0xF0 ? b : 0;
    }
    ++length;
  }
  return length;
}

}  // namespace midiloop
