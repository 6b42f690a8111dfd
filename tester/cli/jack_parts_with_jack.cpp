#include <algorithm>

#include "tester/cli/jack_parts.hpp"
#include "tester/emulator/live/jack_emulator.hpp"
#include "tester/emulator/live/live_emulator.hpp"
#include "tester/links/jack/jack_client.hpp"
#include "tester/links/jack/jack_link.hpp"

namespace midiloop {
namespace {

// JACK: the model runs inside the process callback, frame by frame. Elsewhere (the ALSA
// sequencer), through RtMidi's virtual ports and the steady clock.
bool on_jack(const std::string& api) {
  if (api != "auto") return api == "jack";
  const auto rtmidi = list_ports("auto");
  const bool rtmidi_usable = std::any_of(rtmidi.begin(), rtmidi.end(), [](const ApiPorts& a) { return a.problem.empty(); });
  return !rtmidi_usable && jack::server_problem().empty();
}

}  // namespace

bool jack_in_build() { return true; }

std::unique_ptr<Link> open_jack_ports(const std::string& out, const std::string& in, double wire_speed,
                                      SteadyClock& clock) {
  JackLinkOptions options;
  options.out = out;
  options.in = in;
  options.max_bytes_per_second *= wire_speed;
  return open_jack_link(options, clock);
}

ApiPorts list_jack_api_ports() {
  const JackPorts jack = list_jack_ports();
  return {"jack", jack.outputs, jack.inputs, jack.problem};
}

std::string jack_server_problem() { return jack::server_problem(); }

LiveEmulationCounts run_live_emulation(const ModelConfig& model, uint64_t seed, const std::string& name,
                                       const std::string& api, const std::function<bool()>& should_stop,
                                       const std::function<void(const std::string& api)>& announce) {
  SteadyClock clock;
  LiveEmulatorStats stats;
  if (on_jack(api)) {
    stats = run_jack_emulator(model, seed, name, clock, should_stop, [&] { announce("jack"); });
  } else {
    const auto ports = open_rtmidi_virtual_ports(api, name, clock);
    announce(ports->info().api);
    stats = run_live_emulator(model, seed, *ports, clock, should_stop);
  }
  return {stats.bytes_in, stats.bytes_out, stats.bytes_dropped};
}

}  // namespace midiloop
