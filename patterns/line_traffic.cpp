#include "patterns/line_traffic.hpp"

namespace midiloop {

bool LineTraffic::quiet() const {
  return clock + active_sensing + transport + reset + other_realtime + notes + controllers + programs +
             other_channel + sysex + system_common + stray_data ==
         0;
}

namespace {

// Data bytes a channel message of status `status` carries (MIDI 1.0: Cn and Dn one, the rest two).
std::size_t data_bytes(uint8_t status) {
  const uint8_t kind = status & 0xF0;
  return kind == 0xC0 || kind == 0xD0 ? 1 : 2;
}

void count_channel(LineTraffic& t, uint8_t status) {
  switch (status & 0xF0) {
    case 0x80:
    case 0x90: ++t.notes; break;
    case 0xB0: ++t.controllers; break;
    case 0xC0: ++t.programs; break;
    default: ++t.other_channel; break;
  }
}

std::string counted(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

LineTraffic classify_line_traffic(std::span<const uint8_t> bytes) {
  LineTraffic t;
  uint8_t running = 0;      // the channel status data bytes belong to; 0 for none
  std::size_t have = 0;     // data bytes of the current channel message so far
  bool in_sysex = false;
  std::size_t common_left = 0;  // data bytes still due to a system common message
  for (const uint8_t b : bytes) {
    if (b >= 0xF8) {  // realtime: anywhere, even inside a SysEx, and cancels nothing
      if (b == 0xF8) ++t.clock;
      else if (b == 0xFE) ++t.active_sensing;
      else if (b >= 0xFA && b <= 0xFC) ++t.transport;
      else if (b == 0xFF) ++t.reset;
      else ++t.other_realtime;
      continue;
    }
    if (b >= 0x80) {
      in_sysex = b == 0xF0;
      running = 0;
      have = 0;
      common_left = 0;
      if (b == 0xF0) ++t.sysex;
      else if (b >= 0xF1 && b <= 0xF6) {
        ++t.system_common;
        // MTC quarter frame and song select carry one data byte, song position two (MIDI 1.0).
        common_left = b == 0xF2 ? 2 : (b == 0xF1 || b == 0xF3) ? 1 : 0;
      }
      else if (b < 0xF0) {
        running = b;
        count_channel(t, b);
      }
      continue;  // a lone F7 outside a SysEx ends nothing worth naming
    }
    if (in_sysex) continue;
    if (common_left > 0) {
      --common_left;
      continue;
    }
    if (running == 0) {
      ++t.stray_data;
      continue;
    }
    if (have == data_bytes(running)) {  // running status: the same status again
      count_channel(t, running);
      have = 0;
    }
    ++have;
  }
  return t;
}

std::vector<std::string> describe_line_traffic(const LineTraffic& t) {
  // Each kind a user acts on by itself: what it is, counted, and what to do about it.
  struct Named {
    std::size_t n;
    const char *before, *one, *many, *after;
  };
  const Named named[] = {
      {t.clock, "something is sending MIDI clock (", "clock byte", "clock bytes",
       ", F8) — stop your DAW's transport, or turn off its clock output to this port"},
      {t.active_sensing, "a device is sending Active Sensing (", "byte", "bytes",
       ", FE) — switch it off on that device, or unplug it from this input"},
      {t.transport, "something sent ", "start/stop/continue message", "start/stop/continue messages",
       " (FA-FC) — stop your DAW's transport"},
      {t.reset, "something sent ", "System Reset", "System Resets",
       " (FF) — find the program or device sending it and stop it"},
      {t.notes, "something is playing notes (", "note on/off message", "note on/off messages",
       ") — stop the sequencer, or unplug the keyboard from this input"},
  };
  std::vector<std::string> said;
  for (const Named& k : named) {
    if (k.n) said.push_back(k.before + counted(k.n, k.one, k.many) + k.after);
  }
  std::string other;
  const auto add = [&other](std::size_t n, const char* one, const char* many) {
    if (n) other += (other.empty() ? "" : ", ") + counted(n, one, many);
  };
  add(t.controllers, "control change", "control changes");
  add(t.programs, "program change", "program changes");
  add(t.other_channel, "aftertouch or pitch bend message", "aftertouch or pitch bend messages");
  add(t.sysex, "SysEx message", "SysEx messages");
  add(t.system_common, "system common message (MTC, song position)", "system common messages (MTC, song position)");
  add(t.other_realtime, "undefined realtime byte", "undefined realtime bytes");
  add(t.stray_data, "data byte without a status", "data bytes without a status");
  if (!other.empty()) said.push_back("something is sending MIDI (" + other + ") — stop whatever sends it");
  return said;
}

}  // namespace midiloop
