#include "patterns/framing.hpp"

#include <stdexcept>

#include "patterns/wire.hpp"

namespace midiloop {
namespace {

void put7(std::vector<uint8_t>& out, uint32_t value, int groups) {
  for (int g = groups - 1; g >= 0; --g) out.push_back(static_cast<uint8_t>((value >> (7 * g)) & 0x7F));
}

uint32_t get7(const uint8_t* bytes, int groups) {
  uint32_t value = 0;
  for (int g = 0; g < groups; ++g) value = (value << 7) | bytes[g];
  return value;
}

uint8_t header_check(const uint8_t* fields, std::size_t n) {
  uint8_t check = 0x2A;
  for (std::size_t i = 0; i < n; ++i) check = static_cast<uint8_t>(((check << 1) | (check >> 6)) ^ fields[i]) & 0x7F;
  return check;
}

}  // namespace

namespace {
// Fletcher sums mod 127 (each half fits 7 bits), reduced every 256 bytes instead of every byte:
// the sums cannot overflow 32 bits in between, and the result is the same.
class Fletcher127 {
 public:
  void add(uint8_t byte) {
    a_ += byte;
    b_ += a_;
    if (++pending_ == 256) reduce();
  }
  uint32_t value() {
    reduce();
    return (b_ << 7) | a_;
  }

 private:
  void reduce() {
    a_ %= 127;
    b_ %= 127;
    pending_ = 0;
  }
  uint32_t a_ = 1, b_ = 0, pending_ = 0;
};
}  // namespace

uint32_t payload_checksum(std::span<const uint8_t> payload) {
  Fletcher127 sum;
  for (uint8_t byte : payload) sum.add(byte);
  return sum.value();
}

std::size_t marker_count(std::size_t payload_length) {
  return payload_length == 0 ? 0 : (payload_length - 1) / kMarkerInterval;
}

std::size_t framed_size(std::size_t payload_length) {
  return kFramingBytes + payload_length + kMarkerBytes * marker_count(payload_length);
}

std::size_t payload_for_message_size(std::size_t message_bytes) {
  if (message_bytes < kFramingBytes) throw std::invalid_argument("a test message needs at least 15 bytes");
  std::size_t room = message_bytes - kFramingBytes;
  // Each full block of kMarkerInterval payload bytes after the first costs kMarkerBytes more.
  std::size_t payload = room;
  while (payload > 0 && framed_size(payload) > message_bytes) --payload;
  return payload;
}

uint32_t marker_value(uint32_t sequence, std::size_t block) {
  // 1031 is prime and larger than the blocks in a 16 KB message, so markers of nearby
  // messages and blocks do not repeat within a test.
  return static_cast<uint32_t>((static_cast<uint64_t>(sequence) * 1031U + block) & 0x3FFF);
}

std::vector<uint8_t> frame_message(uint32_t test_id, uint32_t sequence, std::span<const uint8_t> payload) {
  if (test_id > kMaxTestId || sequence > kMaxField21 || payload.size() > kMaxField21) {
    throw std::invalid_argument("test id, sequence or payload length out of range for the header");
  }
  std::vector<uint8_t> out;
  out.reserve(framed_size(payload.size()));
  out.push_back(kSysExStart);
  out.push_back(kNonCommercialId);
  out.push_back(kFormatTag);
  put7(out, test_id, 2);
  put7(out, sequence, 3);
  put7(out, static_cast<uint32_t>(payload.size()), 3);
  put7(out, payload_checksum(payload), 2);
  out.push_back(header_check(out.data() + 3, 10));
  for (std::size_t i = 0; i < payload.size(); ++i) {
    if (i > 0 && i % kMarkerInterval == 0) put7(out, marker_value(sequence, i / kMarkerInterval), 2);
    out.push_back(payload[i] & 0x7F);
  }
  out.push_back(kSysExEnd);
  return out;
}

std::optional<FrameHeader> parse_header(std::span<const uint8_t> message) {
  uint8_t h[kHeaderBytes];
  std::size_t n = 0;
  for (std::size_t i = 0; i < message.size() && n < kHeaderBytes; ++i) {
    if (is_realtime(message[i])) continue;
    h[n++] = message[i];
  }
  if (n < kHeaderBytes || h[0] != kSysExStart || h[1] != kNonCommercialId || h[2] != kFormatTag) return std::nullopt;
  for (std::size_t i = 3; i < kHeaderBytes; ++i) {
    if (h[i] & 0x80) return std::nullopt;
  }
  if (header_check(h + 3, 10) != h[13]) return std::nullopt;
  return FrameHeader{get7(h + 3, 2), get7(h + 5, 3), get7(h + 8, 3), get7(h + 11, 2)};
}

namespace {
// Calls `take` for each payload byte of a message with an intact header; returns the header.
template <typename Take>
std::optional<FrameHeader> for_each_payload_byte(std::span<const uint8_t> message, Take take) {
  auto header = parse_header(message);
  if (!header) return std::nullopt;
  std::size_t seen = 0;        // non-realtime bytes seen
  std::size_t since_mark = 0;  // payload bytes since the last marker
  std::size_t skip = 0;
  for (uint8_t byte : message) {
    if (is_realtime(byte)) continue;
    if (seen++ < kHeaderBytes) continue;
    if (byte == kSysExEnd || is_status(byte)) break;
    if (skip > 0) {
      --skip;
      continue;
    }
    take(byte);
    if (++since_mark == kMarkerInterval) {
      since_mark = 0;
      skip = kMarkerBytes;
    }
  }
  return header;
}
}  // namespace

std::optional<std::vector<uint8_t>> unframe_payload(std::span<const uint8_t> message) {
  std::vector<uint8_t> payload;
  if (!for_each_payload_byte(message, [&](uint8_t b) { payload.push_back(b); })) return std::nullopt;
  return payload;
}

bool payload_intact(std::span<const uint8_t> message) {
  Fletcher127 sum;
  std::size_t length = 0;
  const auto header = for_each_payload_byte(message, [&](uint8_t byte) {
    sum.add(byte);
    ++length;
  });
  return header && length == header->payload_length && sum.value() == header->checksum;
}

}  // namespace midiloop
