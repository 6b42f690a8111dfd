// libFuzzer target for the number parser: any text either gives a finite number inside the
// quantity's range (whole where it must be) or a QuantityError; nothing else escapes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "patterns/quantity.hpp"

namespace {
const midiloop::Quantity* const kQuantities[] = {&midiloop::kWireSpeed, &midiloop::kRateBps, &midiloop::kChunkBytes,
                                                 &midiloop::kGapMicroseconds, &midiloop::kSeed,
                                                 &midiloop::kEpochSeconds};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const midiloop::Quantity& q = *kQuantities[data[0] % std::size(kQuantities)];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const double v = midiloop::parse_quantity(text, q, "fuzz");
    if (!std::isfinite(v) || v < q.min || v > q.max || (q.whole && v != std::floor(v))) std::abort();
  } catch (const midiloop::QuantityError&) {
  }
  if (q.whole) {
    try {
      const uint64_t v = midiloop::parse_whole(text, q, "fuzz");
      if (static_cast<double>(v) < q.min || static_cast<double>(v) > q.max) std::abort();
    } catch (const midiloop::QuantityError&) {
    }
  }
  return 0;
}
