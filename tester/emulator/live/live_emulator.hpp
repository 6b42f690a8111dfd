#pragma once
// An emulated interface in real time, behind ports other programs connect to: what they send is
// run through the model (USB-MIDI, FIFO, DIN wire at 3125 B/s x speed, faults) and comes out again
// when the model says it would.
#include <csignal>
#include <functional>

#include "tester/engine/clock.hpp"
#include "tester/emulator/device_model.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

struct LiveEmulatorStats {
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  uint64_t bytes_dropped = 0;  // thrown away on the device's way in
};

// Runs until `should_stop` says so (checked at least every 100 ms). `ports` is the far side: what
// it receives goes into the model; what the model delivers is sent out through it.
LiveEmulatorStats run_live_emulator(const ModelConfig& model, uint64_t seed, Link& ports, SteadyClock& clock,
                                    const std::function<bool()>& should_stop);

}  // namespace midiloop
