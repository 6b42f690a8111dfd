// The DIN wire's timing: where the drain point of a send comes from.
#include "patterns/wire.hpp"

#include <gtest/gtest.h>

namespace midiloop {
namespace {

TEST(Wire, ABytesTakes320Microseconds) {
  EXPECT_EQ(wire_ns(1), 320'000);
  EXPECT_EQ(wire_ns(3125), 1'000'000'000);
  EXPECT_EQ(wire_ns(3125, 10), 100'000'000);
}

TEST(Wire, BytesLeavingWhileTheWireIsBusyQueueBehindTheOthers) {
  // Three 100-byte chunks handed over 1 ms apart: the wire needs 32 ms for each, so they queue and
  // the last byte is out 96 ms after the first left, not 2 ms + 32 ms.
  int64_t done = 0;
  for (int64_t left : {0, 1'000'000, 2'000'000}) done = wire_done_ns(done, left, 100);
  EXPECT_EQ(done, 96'000'000);
  // 100 ms apart the wire is idle before each: only the last chunk's own time counts.
  done = 0;
  for (int64_t left : {0, 100'000'000, 200'000'000}) done = wire_done_ns(done, left, 100);
  EXPECT_EQ(done, 232'000'000);
  EXPECT_EQ(wire_done_ns(0, 5'000'000, 100, 10), 8'200'000) << "a wire ten times faster";
}

}  // namespace
}  // namespace midiloop
