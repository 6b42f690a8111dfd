#include "patterns/midi_stream.hpp"

#include <algorithm>

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

namespace midiloop {
namespace {

// Data bytes a message with this status carries (MIDI 1.0 message table).
std::size_t data_bytes_after(uint8_t status) {
  switch (status & 0xF0) {
    case 0xC0:
    case 0xD0: return 1;
    case 0xF0:
      if (status == 0xF1 || status == 0xF3) return 1;
      if (status == 0xF2) return 2;
      return 0;  // F6 tune request, and the undefined F4 and F5
    default: return 2;
  }
}

}  // namespace

std::vector<MidiEvent> parse_midi(std::span<const uint8_t> stream) {
  std::vector<MidiEvent> events;
  long sysex = -1;        // the SysEx being read, if any
  long pending = -1;      // a channel or system common message waiting for data bytes
  std::size_t needed = 0;
  uint8_t running = 0;    // channel status for running status; SysEx and system common cancel it
  auto close_pending = [&] {
    if (pending >= 0 && needed > 0) events[static_cast<std::size_t>(pending)].kind = MidiEvent::Kind::stray;
    pending = -1;
    needed = 0;
  };
  std::size_t non_realtime = 0;
  for (uint8_t b : stream) {
    if (is_realtime(b)) {
      MidiEvent e{MidiEvent::Kind::realtime, {b}};
      e.stream_position = non_realtime;
      if (sysex >= 0) {
        e.inside_sysex = sysex;
        e.position = events[static_cast<std::size_t>(sysex)].bytes.size();
      }
      events.push_back(std::move(e));
      continue;
    }
    ++non_realtime;
    if (is_status(b)) {
      close_pending();
      if (sysex >= 0) {
        auto& open = events[static_cast<std::size_t>(sysex)];
        sysex = -1;
        if (b == 0xF7) {
          open.bytes.push_back(b);
          open.terminated = true;
          continue;
        }
      }
      if (b == 0xF7) {  // an end with no SysEx to end
        events.push_back({MidiEvent::Kind::stray, {b}});
        running = 0;
        continue;
      }
      if (b == 0xF0) {
        running = 0;
        sysex = static_cast<long>(events.size());
        events.push_back({MidiEvent::Kind::sysex, {b}});
        continue;
      }
      running = b < 0xF0 ? b : 0;
      needed = data_bytes_after(b);
      events.push_back({b < 0xF0 ? MidiEvent::Kind::channel : MidiEvent::Kind::system_common, {b}});
      pending = needed > 0 ? static_cast<long>(events.size() - 1) : -1;
      continue;
    }
    if (sysex >= 0) {
      events[static_cast<std::size_t>(sysex)].bytes.push_back(b);
      continue;
    }
    if (pending < 0 && running != 0) {  // running status: a new message with the last status
      MidiEvent e{MidiEvent::Kind::channel, {running}};
      e.running_status = true;
      events.push_back(std::move(e));
      pending = static_cast<long>(events.size() - 1);
      needed = data_bytes_after(running);
    }
    if (pending < 0) {
      events.push_back({MidiEvent::Kind::stray, {b}});
      continue;
    }
    events[static_cast<std::size_t>(pending)].bytes.push_back(b);
    if (--needed == 0) pending = -1;
  }
  close_pending();
  return events;
}

std::string hex_bytes(std::span<const uint8_t> bytes, std::size_t limit) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  const std::size_t shown = std::min(bytes.size(), limit);
  for (std::size_t k = 0; k < shown; ++k) {
    if (k) out += ' ';
    out += digits[bytes[k] >> 4];
    out += digits[bytes[k] & 0x0F];
  }
  if (shown < bytes.size()) out += " ... (" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

}  // namespace midiloop
