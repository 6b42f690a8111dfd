#pragma once
// Test messages: SysEx with the non-commercial manufacturer ID 0x7D and a 7-bit header that
// identifies each message, so a reply can be matched to its send and losses classified.
//
//   F0 7D 4D | test(2) seq(3) length(3) checksum(2) header-check(1) | payload + markers | F7
//
// Multi-byte fields are big-endian 7-bit groups. `length` counts payload bytes only. Every
// kMarkerInterval payload bytes a 2-byte position marker is inserted, so a long payload whose
// bytes all look alike (zeros, 0x7F) still has landmarks the analysis can resynchronise on.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace midiloop {

inline constexpr uint8_t kSysExStart = 0xF0;
inline constexpr uint8_t kSysExEnd = 0xF7;
inline constexpr uint8_t kNonCommercialId = 0x7D;
inline constexpr uint8_t kFormatTag = 0x4D;  // 'M': a midiloop test message
inline constexpr std::size_t kHeaderBytes = 14;   // F0 7D 4D + 11 field bytes
inline constexpr std::size_t kFramingBytes = 15;  // header + F7
inline constexpr std::size_t kMarkerInterval = 32;
inline constexpr std::size_t kMarkerBytes = 2;
inline constexpr uint32_t kMaxTestId = (1U << 14) - 1;
inline constexpr uint32_t kMaxField21 = (1U << 21) - 1;

struct FrameHeader {
  uint32_t test_id = 0;         // 14 bits
  uint32_t sequence = 0;        // 21 bits
  uint32_t payload_length = 0;  // 21 bits
  uint32_t checksum = 0;        // 14 bits, Fletcher-style over the payload
  bool operator==(const FrameHeader&) const = default;
};

uint32_t payload_checksum(std::span<const uint8_t> payload);
std::size_t marker_count(std::size_t payload_length);
std::size_t framed_size(std::size_t payload_length);
// Largest payload whose framed message is at most `message_bytes` long (>= kFramingBytes).
std::size_t payload_for_message_size(std::size_t message_bytes);
// The marker that precedes payload block `block` (1-based) of message `sequence`.
uint32_t marker_value(uint32_t sequence, std::size_t block);

std::vector<uint8_t> frame_message(uint32_t test_id, uint32_t sequence, std::span<const uint8_t> payload);

// Reads the header of a message that starts with F0 (realtime bytes inside are skipped).
// Returns nothing when the bytes are not an intact midiloop header.
std::optional<FrameHeader> parse_header(std::span<const uint8_t> message);

// Does the message's payload (header, markers, F7 and realtime bytes skipped) have the length and
// checksum its header announces? False when the header is not intact.
bool payload_intact(std::span<const uint8_t> message);

// The payload of a framed message: header, markers, F7 and realtime bytes removed.
// Returns nothing if the message has no intact header.
std::optional<std::vector<uint8_t>> unframe_payload(std::span<const uint8_t> message);

}  // namespace midiloop
