#pragma once
// Real MIDI ports through RtMidi. The only code that includes RtMidi.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tester/engine/clock.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

// "auto" tries each API RtMidi was built with; otherwise alsa, jack, core or winmm.
std::vector<std::string> api_choices();

struct ApiPorts {
  std::string api;
  std::vector<std::string> outputs;  // ports midiloop can send to
  std::vector<std::string> inputs;   // ports midiloop can receive from
  std::string problem;               // why this API could not be used, if it could not
};

std::vector<ApiPorts> list_ports(const std::string& api);

struct RtMidiLinkOptions {
  std::string api = "auto";
  std::string out;  // number or case-insensitive part of a name
  std::string in;   // empty: output only (receive() then only waits out its deadline)
  std::string client_name = "midiloop";
  // RtMidi's JACK sendMessage spins, without a timeout, while its ring buffer is full: forever if
  // the server has gone. A send blocked this long is reported through on_stuck, from another
  // thread; the caller decides how to end the run (the sending thread cannot be freed).
  int64_t stuck_send_ns = 10'000'000'000;
  std::function<void(const std::string& what)> on_stuck;
};

// Throws PortSelectionError (unknown or ambiguous port: a usage error) or LinkError (the MIDI
// system failed), each saying what to do next.
std::unique_ptr<Link> open_rtmidi_link(const RtMidiLinkOptions& options, SteadyClock& clock);

// The other way round: new ports that other programs connect to. What they send to "NAME:in"
// arrives through receive(); send() goes out of "NAME:out". `api` is as above; "auto" takes the
// first API that can create ports. Throws LinkError when none can.
std::unique_ptr<Link> open_rtmidi_virtual_ports(const std::string& api, const std::string& name, SteadyClock& clock);

}  // namespace midiloop
