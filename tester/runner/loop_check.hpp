#pragma once
// Is the loop cable in? One short SysEx out and, within its wire time and a second, back: the
// guide's "waiting for the loop" asks this once a second until the answer is a loop.
#include <cstdint>
#include <functional>
#include <string>

#include "tester/engine/clock.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

enum class LoopState {
  nothing_back,      // not the probe whole: no cable, a cable OUT -> OUT, or an interface passing nothing whole
  faster_than_wire,  // back sooner than a DIN cable can carry it: software ports, not a cable
  found,
};

struct LoopCheck {
  LoopState state = LoopState::nothing_back;
  int64_t round_trip_ns = -1;  // found, faster_than_wire: last byte back, the host's delay taken off
  std::string words() const;   // what to tell the user
};

// Sends one probe (32 bytes of SysEx with the non-commercial ID 7D, as the suite's) and waits its
// wire time at `wire_speed` plus a second. `should_stop` is polled (Ctrl-C).
LoopCheck check_loop(Link& link, Clock& clock, double wire_speed, const std::function<bool()>& should_stop);

}  // namespace midiloop
