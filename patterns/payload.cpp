#include "patterns/payload.hpp"

#include "patterns/random.hpp"

namespace midiloop {
namespace {


}  // namespace

std::string_view payload_name(Payload payload) {
  switch (payload) {
    case Payload::ramp: return "ramp";
    case Payload::random: return "random";
    case Payload::zeros: return "zeros";
    case Payload::max7f: return "max7f";
    case Payload::alternating: return "alternating";
    case Payload::walking_bit: return "walking-bit";
  }
  return "?";
}

std::optional<Payload> payload_from_name(std::string_view name) {
  for (Payload p : kAllPayloads) {
    if (payload_name(p) == name) return p;
  }
  return std::nullopt;
}

std::vector<uint8_t> make_payload(Payload payload, std::size_t size, uint64_t seed) {
  std::vector<uint8_t> bytes(size);
  switch (payload) {
    case Payload::ramp:
      for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>((i + seed) & 0x7F);
      break;
    case Payload::random: {
      uint64_t state = seed;
      for (std::size_t i = 0; i < size; i += 8) {
        uint64_t word = splitmix64(state);
        for (std::size_t k = 0; k < 8 && i + k < size; ++k) bytes[i + k] = (word >> (8 * k)) & 0x7F;
      }
      break;
    }
    case Payload::zeros: break;
    case Payload::max7f:
      for (auto& b : bytes) b = 0x7F;
      break;
    case Payload::alternating:
      for (std::size_t i = 0; i < size; ++i) bytes[i] = (i % 2 == 0) ? 0x55 : 0x2A;
      break;
    case Payload::walking_bit:
      for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(1U << (i % 7));
      break;
  }
  return bytes;
}

}  // namespace midiloop
