#pragma once
// Opening what a command sends through: real ports, chosen by number or part of a name (RtMidi, or
// JACK natively), or an emulated interface on a virtual clock. The links' errors become the CLI's
// here: a port named wrongly is a UsageError, a MIDI system that fails a SystemError.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tester/cli/console.hpp"
#include "tester/emulator/device_model.hpp"
#include "tester/engine/clock.hpp"
#include "tester/engine/link.hpp"
#include "tester/links/emulated/host_model.hpp"
#include "tester/links/rtmidi/rtmidi_link.hpp"

namespace midiloop {

// RtMidi's APIs (ALSA, CoreMIDI, WinMM) and JACK, which midiloop drives natively.
std::vector<std::string> all_api_choices();

// Inside a catch: rethrows a link's error as the CLI's (PortSelectionError as a UsageError,
// LinkError as a SystemError, both "midiloop: ..."), anything else as it is.
[[noreturn]] void rethrow_as_cli_error();

// Runs `step` (listing, opening or driving ports) with the links' errors made the CLI's.
template <class Step>
auto port_step(Step&& step) {
  try {
    return step();
  } catch (...) {
    rethrow_as_cli_error();
  }
}

// The ports of `api` ("auto": every API), JACK's among them.
std::vector<ApiPorts> list_all_ports(const std::string& api);

// The spec of --emulate or of a model, or a UsageError naming `command`.
ModelConfig parse_model_or_usage(const std::string& command, const std::string& spec);
// --host models the host of an emulated interface; real ports have their real host.
void refuse_host_without_emulate(const std::string& command, const std::string& host, const std::string& emulate);

// What to open: real ports, or (with `emulate`) an emulated interface. Every member has a default,
// so a designated initializer names only what it sets.
struct LoopRequest {
  std::string command{};       // "run", "rehearse", "send": names it in messages
  std::string api = "auto";    // real ports: --api, --out, --in ("" in: send only)
  std::string out{}, in{};
  double wire_speed = 1.0;     // the wire runs this many times faster (a JACK link's ceiling)
  std::string results_note{};  // said when a send is stuck and the process must end
  std::string emulate{};       // a model spec instead of real ports
  std::string host{};          // with emulate: a host model ("" for none)
  uint64_t seed = 1;           // the model's random faults
};

// The loop under test: real ports on the steady clock, or an emulated model on a virtual clock.
struct LoopUnderTest {
  std::unique_ptr<Clock> clock;
  std::unique_ptr<Link> link;
  double model_speed = 1.0;  // the emulated wire's speed; 1 for real ports
};

// Real ports: JACK natively for --api jack; otherwise RtMidi, and with --api auto JACK when no
// RtMidi API has the ports. A send stuck inside RtMidi ends the process with exit 4 (its thread
// cannot be unwound), after `results_note`.
LoopUnderTest open_loop(const LoopRequest& request, Console& console);

}  // namespace midiloop
