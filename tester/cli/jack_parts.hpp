#pragma once
// What the CLI needs of JACK (the native link) and of the live emulator. A build has them or not
// (CMake option MIDILOOP_WITH_JACK; off on Windows, where libjack is not built): jack_parts_with_jack.cpp
// drives tester/links/jack and tester/emulator/live, jack_parts_without_jack.cpp says they are not
// part of this build. The commands ask here and never know which one they got.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "tester/emulator/device_model.hpp"
#include "tester/engine/clock.hpp"
#include "tester/engine/link.hpp"
#include "tester/links/rtmidi/rtmidi_link.hpp"

namespace midiloop {

// Whether --api jack and 'emulate' exist in this build.
bool jack_in_build();

// Throws PortSelectionError or LinkError as the JACK link does; without JACK, a UsageError.
std::unique_ptr<Link> open_jack_ports(const std::string& out, const std::string& in, double wire_speed,
                                      SteadyClock& clock);

// JACK's ports as "jack", or the reason there are none in `problem`. Without JACK, a UsageError.
ApiPorts list_jack_api_ports();

// "" when a JACK server answers, else why not, in words that say what to do.
std::string jack_server_problem();

struct LiveEmulationCounts {
  uint64_t bytes_in = 0, bytes_out = 0, bytes_dropped = 0;
};

// 'midiloop emulate': `model` behind ports NAME:in and NAME:out on `api` (JACK, or RtMidi's virtual
// ports) until `should_stop`; `announce` is told the API once the ports exist. Without JACK, a
// UsageError: this build has no live emulator.
LiveEmulationCounts run_live_emulation(const ModelConfig& model, uint64_t seed, const std::string& name,
                                       const std::string& api, const std::function<bool()>& should_stop,
                                       const std::function<void(const std::string& api)>& announce);

}  // namespace midiloop
