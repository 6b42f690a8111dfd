#pragma once
// An emulated interface on live JACK ports, run inside its own JACK process callback: each byte
// goes into the device model at the frame it arrived on, and comes out at the frame the model says
// (DIN wire, FIFO, USB frames), so a live run sees the same device the in-process emulator is.
#include <functional>
#include <string>

#include "tester/engine/clock.hpp"
#include "tester/emulator/device_model.hpp"
#include "tester/emulator/live/live_emulator.hpp"

namespace midiloop {

// Ports "<name>:in" (send to it) and "<name>:out" (receive from it). Runs until `should_stop`
// (checked every 50 ms) or the server goes; throws LinkError when no server runs.
LiveEmulatorStats run_jack_emulator(const ModelConfig& model, uint64_t seed, const std::string& name, SteadyClock& clock,
                                    const std::function<bool()>& should_stop, const std::function<void()>& on_ready);

}  // namespace midiloop
