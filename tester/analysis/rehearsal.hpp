#pragma once
// What came back of a .syx file sent round the loop (rehearse): aligned byte for byte, and message
// by message.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tester/analysis/alignment.hpp"
#include "tester/capture/capture.hpp"

namespace midiloop {

struct Rehearsal {
  Alignment alignment;
  uint64_t bytes_sent = 0;      // of the file (without a flush)
  uint64_t bytes_received = 0;
  std::size_t messages = 0;
  std::size_t messages_intact = 0;  // came back byte for byte, in order
  bool interrupted = false;
  bool intact() const { return !interrupted && alignment.clean() && messages_intact == messages; }
};

// The capture of a file sent with Engine::run: its messages are the capture's own.
Rehearsal compare_rehearsal(const Capture& capture);

}  // namespace midiloop
