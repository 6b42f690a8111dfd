#include "tester/plan/compliance_checks.hpp"

namespace midiloop {
namespace {

using Bytes = std::vector<uint8_t>;

// A short SysEx with a non-commercial ID (0x7D) and `payload` data bytes counting up from `first`.
Bytes short_sysex(std::size_t payload, uint8_t first = 1) {
  Bytes m{0xF0, 0x7D};
  for (std::size_t k = 1; k < payload; ++k) m.push_back(static_cast<uint8_t>((first + k) & 0x7F));
  m.push_back(0xF7);
  return m;
}

ComplianceCheck channel_voice_all_types() {
  ComplianceCheck c{"channel-voice/all-types", MessageGroup::channel_voice,
                    "Note off, note on, poly pressure, control change, program change, channel pressure and pitch "
                    "bend on channels 1, 10 and 16 arrive unchanged.",
                    {}, "changes-channel-messages"};
  for (uint8_t channel : {0, 9, 15}) {
    // Each status differs from the one before, so the interface cannot use running status here.
    c.units.push_back({static_cast<uint8_t>(0x90 | channel), 0x3C, 0x64});
    c.units.push_back({static_cast<uint8_t>(0xA0 | channel), 0x3C, 0x20});
    c.units.push_back({static_cast<uint8_t>(0xB0 | channel), 0x07, 0x64});
    c.units.push_back({static_cast<uint8_t>(0xC0 | channel), 0x05});
    c.units.push_back({static_cast<uint8_t>(0xD0 | channel), 0x30});
    c.units.push_back({static_cast<uint8_t>(0xE0 | channel), 0x00, 0x40});
    c.units.push_back({static_cast<uint8_t>(0x80 | channel), 0x3C, 0x40});
  }
  return c;
}

ComplianceCheck channel_voice_running_status() {
  ComplianceCheck c{"channel-voice/running-status", MessageGroup::channel_voice,
                    "Runs of messages with one status (notes with velocity 0 among them, controllers, pitch bend) "
                    "arrive unchanged; an interface may leave the repeated status off the wire, the receiving side "
                    "must restore it.",
                    {}, "breaks-running-status"};
  // Host APIs send every message with its status (docs/background.md §1); repeats let the interface use running
  // status on the wire. Sent back to back, 8 messages to a unit, so the wire sees them as one run.
  Bytes notes, controls, bends;
  for (uint8_t k = 0; k < 8; ++k) {
    notes.insert(notes.end(), {0x91, static_cast<uint8_t>(0x30 + k), static_cast<uint8_t>(k % 2 ? 0 : 0x50 + k)});
    controls.insert(controls.end(), {0xB4, 0x01, static_cast<uint8_t>(k * 16)});
    bends.insert(bends.end(), {0xEB, static_cast<uint8_t>(k * 9), static_cast<uint8_t>(0x38 + k)});
  }
  c.units = {notes, controls, bends};
  return c;
}

ComplianceCheck running_status_across_realtime() {
  ComplianceCheck c{"channel-voice/running-status-across-realtime", MessageGroup::channel_voice,
                    "Realtime bytes between messages in running status do not cancel it: controllers with clock and "
                    "Active Sensing in between arrive unchanged.",
                    {}, "realtime-cancels-running-status"};
  Bytes unit;
  for (uint8_t k = 0; k < 8; ++k) {
    unit.insert(unit.end(), {0xB2, 0x0A, static_cast<uint8_t>(0x40 + k)});
    unit.push_back(k % 2 ? 0xFE : 0xF8);
  }
  c.units = {unit};
  return c;
}

ComplianceCheck system_common() {
  ComplianceCheck c{"system-common/all", MessageGroup::system_common,
                    "MTC quarter frames (all 8 pieces), song position, song select and tune request arrive "
                    "unchanged, and cancel running status: the note after them keeps its own status.",
                    {}, "changes-system-common"};
  for (uint8_t piece = 0; piece < 8; ++piece) c.units.push_back({0xF1, static_cast<uint8_t>(piece << 4 | piece)});
  c.units.push_back({0x90, 0x40, 0x40});
  c.units.push_back({0xF2, 0x10, 0x20});
  c.units.push_back({0x90, 0x41, 0x40});
  c.units.push_back({0xF3, 0x05});
  c.units.push_back({0xF6});
  c.units.push_back({0x90, 0x42, 0x40});
  return c;
}

ComplianceCheck realtime_alone() {
  return {"realtime/alone", MessageGroup::realtime,
          "Clock, start, continue, stop, Active Sensing and system reset, each sent on its own, arrive unchanged.",
          {{0xF8}, {0xFA}, {0xF8}, {0xFB}, {0xF8}, {0xFC}, {0xFE}, {0xFE}, {0xFF}},
          "drops-realtime"};
}

ComplianceCheck realtime_burst() {
  Bytes burst(24, 0xF8);  // a quarter note of clock at 24 ppqn, back to back
  burst.front() = 0xFA;
  burst.back() = 0xFC;
  return {"realtime/burst", MessageGroup::realtime,
          "24 realtime bytes back to back (start, clock, stop) all arrive, in order.",
          {burst, burst}, "drops-realtime-in-bursts", RealtimeSpacing::back_to_back};
}

ComplianceCheck realtime_in_sysex() {
  // Clock after F0, inside the data at odd and even places (USB packets of 3), and next to F7.
  Bytes m{0xF0, 0xF8, 0x7D};
  for (uint8_t k = 1; k <= 40; ++k) {
    m.push_back(k);
    if (k % 7 == 0) m.push_back(k % 14 ? 0xF8 : 0xFE);
  }
  m.push_back(0xF8);
  m.push_back(0xF7);
  return {"realtime/in-sysex", MessageGroup::realtime,
          "Realtime bytes inside a SysEx pass through where they were and leave the SysEx intact (MIDI 1.0: "
          "realtime may appear anywhere and does not end a SysEx). A class-compliant USB hop may move a realtime "
          "byte up to 2 bytes earlier.",
          {m}, "damages-sysex"};
}

ComplianceCheck sysex_empty() {
  return {"sysex/empty", MessageGroup::sysex, "An empty SysEx (F0 F7) arrives as F0 F7, before and after a note.",
          {{0xF0, 0xF7}, {0x90, 0x3C, 0x40}, {0xF0, 0xF7}}, "drops-empty-sysex"};
}

ComplianceCheck sysex_short_payloads() {
  ComplianceCheck c{"sysex/short-payloads", MessageGroup::sysex,
                    "SysEx of 3 to 8 bytes, ending a USB-MIDI packet with 1, 2 or 3 bytes (CIN 5, 6, 7), each "
                    "arrive unchanged.",
                    {}, "mangles-odd-sysex-endings"};
  for (std::size_t payload = 1; payload <= 6; ++payload) c.units.push_back(short_sysex(payload, static_cast<uint8_t>(payload * 16)));
  return c;
}

ComplianceCheck sysex_back_to_back() {
  Bytes unit;
  for (std::size_t k = 0; k < 10; ++k) {
    const Bytes m = short_sysex(1 + k % 4, static_cast<uint8_t>(k * 8));
    unit.insert(unit.end(), m.begin(), m.end());
  }
  return {"sysex/back-to-back", MessageGroup::sysex,
          "Ten short SysEx sent back to back arrive as ten, each with its own F0 and F7 and its own bytes.",
          {unit}, "merges-sysex-boundaries"};
}

ComplianceCheck sysex_status_ended() {
  return {"sysex/status-ended", MessageGroup::sysex,
          "A SysEx ended by a note-on instead of F7 (MIDI 1.0: any status byte but realtime ends a SysEx) keeps "
          "its bytes, is not joined to what follows, and the note-on and the note after it arrive unchanged.",
          {{0xF0, 0x7D, 0x01, 0x02, 0x03}, {0x90, 0x3C, 0x40}, {0x80, 0x3C, 0x00}},
          "mishandles-unterminated-sysex"};
}

}  // namespace

std::vector<ComplianceCheck> compliance_checks() {
  return {channel_voice_all_types(), channel_voice_running_status(), running_status_across_realtime(),
          system_common(),           realtime_alone(),                realtime_burst(),
          realtime_in_sysex(),       sysex_empty(),                   sysex_short_payloads(),
          sysex_back_to_back(),      sysex_status_ended()};
}

}  // namespace midiloop
