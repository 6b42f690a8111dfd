#pragma once
// The one pseudo-random generator: splitmix64. Its output is the same on every machine, unlike a
// std:: distribution's, so seeded payloads and seeded faults are reproducible anywhere.
#include <cstdint>

namespace midiloop {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace midiloop
