#include "tester/emulator/usb_midi.hpp"

#include <gtest/gtest.h>

namespace midiloop {
namespace {

std::vector<UsbMidiPacket> encode(const std::vector<uint8_t>& bytes) {
  UsbMidiEncoder encoder;
  std::vector<UsbMidiPacket> packets;
  for (uint8_t b : bytes) encoder.feed(b, packets);
  return packets;
}

std::vector<uint8_t> decode(const std::vector<UsbMidiPacket>& packets) {
  std::vector<uint8_t> out;
  for (const auto& p : packets) decode_packet(p, out);
  return out;
}

UsbMidiPacket packet(uint8_t header, uint8_t a, uint8_t b = 0, uint8_t c = 0) { return {header, {a, b, c}}; }

TEST(UsbMidi, CinLengthsAreTheSpecTable) {
  const std::size_t expected[16] = {0, 0, 2, 3, 3, 1, 2, 3, 3, 3, 3, 3, 2, 2, 3, 1};
  for (uint8_t cin = 0; cin < 16; ++cin) EXPECT_EQ(cin_length(cin), expected[cin]) << int(cin);
}

TEST(UsbMidi, SysExEndsInCin5Or6Or7) {
  EXPECT_EQ(encode({0xF0, 1, 2, 0xF7}), (std::vector<UsbMidiPacket>{packet(0x04, 0xF0, 1, 2), packet(0x05, 0xF7)}));
  EXPECT_EQ(encode({0xF0, 1, 2, 3, 0xF7}),
            (std::vector<UsbMidiPacket>{packet(0x04, 0xF0, 1, 2), packet(0x06, 3, 0xF7)}));
  EXPECT_EQ(encode({0xF0, 1, 2, 3, 4, 0xF7}),
            (std::vector<UsbMidiPacket>{packet(0x04, 0xF0, 1, 2), packet(0x07, 3, 4, 0xF7)}));
  EXPECT_EQ(encode({0xF0, 0xF7}), (std::vector<UsbMidiPacket>{packet(0x06, 0xF0, 0xF7)}));
}

TEST(UsbMidi, RealtimeGoesOutAtOnceEvenInsideSysEx) {
  EXPECT_EQ(encode({0xF0, 1, 0xF8, 2, 0xF7}),
            (std::vector<UsbMidiPacket>{packet(0x0F, 0xF8), packet(0x04, 0xF0, 1, 2), packet(0x05, 0xF7)}));
}

TEST(UsbMidi, ChannelMessagesCarryTheirStatusAndRunningStatusIsExpanded) {
  EXPECT_EQ(encode({0x93, 60, 100, 61, 101, 0xC2, 5, 6}),
            (std::vector<UsbMidiPacket>{packet(0x09, 0x93, 60, 100), packet(0x09, 0x93, 61, 101), packet(0x0C, 0xC2, 5),
                                        packet(0x0C, 0xC2, 6)}));
}

TEST(UsbMidi, SystemCommonUsesCin2And3And5) {
  EXPECT_EQ(encode({0xF1, 0x12, 0xF2, 1, 2, 0xF3, 4, 0xF6}),
            (std::vector<UsbMidiPacket>{packet(0x02, 0xF1, 0x12), packet(0x03, 0xF2, 1, 2), packet(0x02, 0xF3, 4),
                                        packet(0x05, 0xF6)}));
}

TEST(UsbMidi, DecodingTakesWhatTheCinSays) {
  const std::vector<uint8_t> stream = {0xF0, 0x7D, 1, 2, 3, 4, 5, 0xF7, 0x90, 60, 100, 0xF8, 0xB0, 7, 100};
  EXPECT_EQ(decode(encode(stream)), stream);
  std::vector<uint8_t> out;
  decode_packet(packet(0x0F, 0x03, 0x04, 0x05), out);  // a stale CIN 0xF keeps one byte of three
  EXPECT_EQ(out, std::vector<uint8_t>{0x03});
}

TEST(UsbMidi, Ch345KernelExampleIsReproducedByAStaleCin) {
  // Linux commit a91e627e: every second SysEx packet arrives with a stale 1-byte CIN.
  const std::vector<uint8_t> sent = {0xF0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0xF7};
  auto packets = encode(sent);
  int sysex_packets = 0;
  for (auto& p : packets) {
    if (p.cin() == 0x04 && sysex_packets++ % 2 == 1) p.header = 0x0F;
  }
  EXPECT_EQ(decode(packets), (std::vector<uint8_t>{0xF0, 1, 2, 3, 6, 7, 8, 9, 0x0C, 0x0D, 0x0E, 0xF7}));
}

}  // namespace
}  // namespace midiloop
