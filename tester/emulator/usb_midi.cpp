#include "tester/emulator/usb_midi.hpp"

namespace midiloop {

std::size_t cin_length(uint8_t cin) {
  static constexpr std::size_t kLength[16] = {0, 0, 2, 3, 3, 1, 2, 3, 3, 3, 3, 3, 2, 2, 3, 1};
  return kLength[cin & 0x0F];
}

void decode_packet(const UsbMidiPacket& packet, std::vector<uint8_t>& out) {
  const std::size_t n = cin_length(packet.cin());
  out.insert(out.end(), packet.midi.begin(), packet.midi.begin() + static_cast<std::ptrdiff_t>(n));
}

void UsbMidiEncoder::emit(uint8_t cin, std::vector<UsbMidiPacket>& out) {
  UsbMidiPacket p;
  p.header = static_cast<uint8_t>(cable_ << 4 | cin);
  for (std::size_t k = 0; k < n_ && k < 3; ++k) p.midi[k] = buf_[k];
  out.push_back(p);
  n_ = 0;
}

void UsbMidiEncoder::feed(uint8_t byte, std::vector<UsbMidiPacket>& out) {
  if (byte >= 0xF8) {  // realtime: its own packet, now, whatever else is going on
    UsbMidiPacket p;
    p.header = static_cast<uint8_t>(cable_ << 4 | 0x0F);
    p.midi[0] = byte;
    out.push_back(p);
    return;
  }
  if (byte == 0xF7) {
    if (sysex_) {
      buf_[n_++] = byte;
      emit(static_cast<uint8_t>(0x04 + n_), out);  // 1, 2 or 3 bytes: CIN 5, 6, 7
      sysex_ = false;
    } else {
      n_ = 0;
      buf_[n_++] = byte;
      emit(0x05, out);
    }
    status_ = 0;
    return;
  }
  if (byte >= 0x80) {
    if (sysex_ && n_ > 0) {
      // A status byte ends a SysEx without F7; hand over what is pending as single bytes.
      const auto pending = buf_;
      const std::size_t count = n_;
      for (std::size_t k = 0; k < count; ++k) {
        n_ = 0;
        buf_[n_++] = pending[k];
        emit(0x0F, out);
      }
    }
    sysex_ = false;
    n_ = 0;
    running_used_ = false;
    if (byte == 0xF0) {
      sysex_ = true;
      status_ = 0;
      buf_[n_++] = byte;
      return;
    }
    status_ = byte;
    buf_[n_++] = byte;
    if (byte < 0xF0) {
      expected_ = (byte & 0xF0) == 0xC0 || (byte & 0xF0) == 0xD0 ? 2 : 3;
    } else {
      expected_ = byte == 0xF2 ? 3 : (byte == 0xF1 || byte == 0xF3) ? 2 : 1;  // F6 tune request: 1
      if (expected_ == 1) {
        emit(0x05, out);
        status_ = 0;
      }
    }
    return;
  }
  // A data byte.
  if (sysex_) {
    buf_[n_++] = byte;
    if (n_ == 3) emit(0x04, out);
    return;
  }
  if (status_ == 0) return;  // no status to belong to
  if (n_ == 0) {             // running status: the status was left out on the wire
    buf_[n_++] = status_;
    running_used_ = true;
  }
  buf_[n_++] = byte;
  if (n_ == expected_) {
    const uint8_t cin = status_ < 0xF0 ? static_cast<uint8_t>(status_ >> 4) : static_cast<uint8_t>(expected_);
    emit(cin, out);
    if (status_ >= 0xF0) status_ = 0;  // system common has no running status
  }
}

}  // namespace midiloop
