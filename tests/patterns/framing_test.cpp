#include "patterns/framing.hpp"

#include <gtest/gtest.h>

#include "patterns/payload.hpp"

namespace midiloop {
namespace {

TEST(Framing, RoundTripsHeaderAndPayload) {
  for (std::size_t size : {0u, 1u, 31u, 32u, 33u, 64u, 65u, 1000u, 16000u}) {
    const auto payload = make_payload(Payload::random, size, size);
    const auto message = frame_message(9, 1234567, payload);
    ASSERT_EQ(message.size(), framed_size(size));
    EXPECT_EQ(message.front(), 0xF0);
    EXPECT_EQ(message.back(), 0xF7);
    for (std::size_t k = 1; k + 1 < message.size(); ++k) ASSERT_LT(message[k], 0x80) << "byte " << k;
    const auto header = parse_header(message);
    ASSERT_TRUE(header);
    EXPECT_EQ(header->test_id, 9u);
    EXPECT_EQ(header->sequence, 1234567u);
    EXPECT_EQ(header->payload_length, size);
    EXPECT_EQ(header->checksum, payload_checksum(payload));
    EXPECT_EQ(unframe_payload(message), payload);
  }
}

TEST(Framing, UsesTheNonCommercialManufacturerId) {
  const auto message = frame_message(1, 0, std::vector<uint8_t>{1, 2, 3});
  EXPECT_EQ(message[1], 0x7D);
}

TEST(Framing, MessageSizeIsHonouredExactlyWhereMarkersAllow) {
  for (std::size_t total : {15u, 16u, 64u, 111u, 256u, 1024u, 4096u, 16384u}) {
    EXPECT_EQ(framed_size(payload_for_message_size(total)), total) << total;
  }
  EXPECT_THROW(payload_for_message_size(14), std::invalid_argument);
}

TEST(Framing, DamagedHeaderIsNotTrusted) {
  auto message = frame_message(3, 77, make_payload(Payload::ramp, 40, 0));
  for (std::size_t k = 3; k < kHeaderBytes; ++k) {
    auto damaged = message;
    damaged[k] ^= 0x01;
    EXPECT_FALSE(parse_header(damaged)) << "flip in header byte " << k;
  }
  message.resize(10);
  EXPECT_FALSE(parse_header(message));
}

TEST(Framing, RealtimeBytesInsideAreSkipped) {
  const auto payload = make_payload(Payload::ramp, 40, 0);
  auto message = frame_message(3, 5, payload);
  message.insert(message.begin() + 4, 0xF8);
  message.insert(message.begin() + 20, 0xFE);
  ASSERT_TRUE(parse_header(message));
  EXPECT_EQ(unframe_payload(message), payload);
}

TEST(Framing, MarkersMakeLongUniformPayloadsDistinct) {
  const auto message = frame_message(1, 0, std::vector<uint8_t>(200, 0));
  // Each 34-byte block (marker + 32 zeros) differs from the next by its marker.
  const std::size_t first = kHeaderBytes + kMarkerInterval;
  EXPECT_NE(std::vector<uint8_t>(message.begin() + first, message.begin() + first + 2),
            std::vector<uint8_t>(message.begin() + first + 34, message.begin() + first + 36));
}

}  // namespace
}  // namespace midiloop

namespace midiloop {
namespace {

TEST(Framing, PayloadIntactChecksLengthAndChecksum) {
  auto message = frame_message(2, 3, make_payload(Payload::random, 100, 9));
  EXPECT_TRUE(payload_intact(message));
  auto flipped = message;
  flipped[60] ^= 0x01;
  EXPECT_FALSE(payload_intact(flipped));
  auto short_one = message;
  short_one.erase(short_one.begin() + 70);
  EXPECT_FALSE(payload_intact(short_one));
}

}  // namespace
}  // namespace midiloop

#include "patterns/midi_stream.hpp"

namespace midiloop {
namespace {

TEST(MidiStream, RunningStatusShortensTheWireUntilCancelled) {
  // B3 07 01 | 07 02 | F8 | 07 03 | C1 05 | 06 | F0 01 F7 | B3 07 04: realtime does not cancel
  // running status, SysEx does.
  const std::vector<uint8_t> host = {0xB3, 7, 1, 0xB3, 7, 2, 0xF8, 0xB3, 7, 3, 0xC1, 5, 0xC1, 6,
                                     0xF0, 1, 0xF7, 0xB3, 7, 4};
  EXPECT_EQ(wire_length_with_running_status(host), host.size() - 3);
  const std::vector<uint8_t> sysex = {0xF0, 0x7D, 1, 2, 0xF8, 3, 0xF7, 0xF0, 4, 0xF7};
  EXPECT_EQ(wire_length_with_running_status(sysex), sysex.size());
}

}  // namespace
}  // namespace midiloop
