#pragma once
// Real MIDI ports through JACK, natively: every arrival stamped with its own frame, every send
// placed at the frame its pacing asks for, xruns and refused writes counted.
#include <memory>
#include <string>
#include <vector>

#include "tester/engine/clock.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

struct JackLinkOptions {
  std::string out;  // number or case-insensitive part of a port name (a port that takes MIDI)
  std::string in;   // the port that gives MIDI back; empty: output only
  std::string client_name = "midiloop";
  // "Full speed" is never faster than this. A class-compliant USB-MIDI device takes at most 16
  // events (48 MIDI bytes) per 1 ms frame, so no real interface is fed faster; a JACK graph would
  // take megabytes per second and overflow the bridges in between (a2jmidid, a thru), which is the
  // host's loss, not the interface's. Scale it with the wire speed for emulated fast wires.
  double max_bytes_per_second = 48'000;
};

// MIDI ports of the running JACK server: `outputs` are the ports --out may name (they take data),
// `inputs` those --in may name. Returns a problem in words instead when no server runs.
struct JackPorts {
  std::vector<std::string> outputs, inputs;
  std::string problem;
};
JackPorts list_jack_ports();

// Throws PortSelectionError (unknown or ambiguous port) or LinkError (no server, cannot connect).
std::unique_ptr<Link> open_jack_link(const JackLinkOptions& options, SteadyClock& clock);

}  // namespace midiloop
