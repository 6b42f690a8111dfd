#pragma once
// Seeded payload generators. Every byte is 7-bit (0x00-0x7F), as SysEx data must be.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace midiloop {

enum class Payload { ramp, random, zeros, max7f, alternating, walking_bit };

inline constexpr Payload kAllPayloads[] = {Payload::ramp,  Payload::random,      Payload::zeros,
                                           Payload::max7f, Payload::alternating, Payload::walking_bit};

std::string_view payload_name(Payload payload);
std::optional<Payload> payload_from_name(std::string_view name);

// The same (payload, size, seed) gives the same bytes on every machine: the generator is
// splitmix64, not a std:: distribution (whose output is implementation-defined).
std::vector<uint8_t> make_payload(Payload payload, std::size_t size, uint64_t seed);

}  // namespace midiloop
