#pragma once
// USB-MIDI 1.0 event packets: 4 bytes, cable number | Code Index Number, then up to 3 MIDI bytes
// (docs/background.md §2). The encoder turns a MIDI byte stream into packets the way a class-compliant host
// or device does; decoding takes as many bytes as the CIN says.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace midiloop {

struct UsbMidiPacket {
  uint8_t header = 0;  // cable << 4 | CIN
  std::array<uint8_t, 3> midi{0, 0, 0};
  uint8_t cin() const { return header & 0x0F; }
  bool operator==(const UsbMidiPacket&) const = default;
};

// Bytes of MIDI data a packet with this CIN carries (Linux snd_usbmidi_cin_length[]).
std::size_t cin_length(uint8_t cin);

// Bytes the host reads from a packet: the first cin_length(CIN) of its three.
void decode_packet(const UsbMidiPacket& packet, std::vector<uint8_t>& out);

// Class-compliant encoding, byte by byte (state carries over between calls, as a driver's does):
// SysEx in CIN 4 packets of 3 and ends in CIN 5/6/7; realtime bytes at once as CIN 0xF, even
// inside a SysEx; channel messages with their status (running status expanded) in CIN 0x8-0xE;
// system common in CIN 2/3/5. Data bytes with no status to belong to are dropped.
class UsbMidiEncoder {
 public:
  explicit UsbMidiEncoder(uint8_t cable = 0) : cable_(cable) {}
  void feed(uint8_t byte, std::vector<UsbMidiPacket>& out);
  bool in_sysex() const { return sysex_; }
  // Whether the channel message being completed had its status omitted on the wire.
  bool running_status_used() const { return running_used_; }

 private:
  void emit(uint8_t cin, std::vector<UsbMidiPacket>& out);
  uint8_t cable_;
  bool sysex_ = false;
  uint8_t status_ = 0;  // running status (channel) or the pending system common status
  std::size_t expected_ = 0;
  std::array<uint8_t, 3> buf_{};
  std::size_t n_ = 0;
  bool running_used_ = false;
};

}  // namespace midiloop
