#include "tester/cli/errors.hpp"
#include "tester/cli/jack_parts.hpp"

namespace midiloop {
namespace {

// A usage error, not a system one: nothing failed, the build was made without JACK (the Windows
// build always is), and the user can choose another API.
[[noreturn]] void refuse(const std::string& what, const std::string& instead) {
  throw UsageError("midiloop: " + what + " is not part of this build of midiloop (built without JACK, as the "
                   "Windows build is); " + instead);
}

const char* const kOtherPorts = "use the ports of another API (see 'midiloop list')";

}  // namespace

bool jack_in_build() { return false; }

std::unique_ptr<Link> open_jack_ports(const std::string&, const std::string&, double, SteadyClock&) {
  refuse("JACK (--api jack)", kOtherPorts);
}

ApiPorts list_jack_api_ports() { refuse("JACK (--api jack)", kOtherPorts); }

std::string jack_server_problem() { return "JACK is not part of this build of midiloop"; }

LiveEmulationCounts run_live_emulation(const ModelConfig&, uint64_t, const std::string&, const std::string&,
                                       const std::function<bool()>&, const std::function<void(const std::string&)>&) {
  // The live emulator is built with JACK; on Windows it could not run anyway, WinMM has no virtual ports.
  refuse("'midiloop emulate' (the live emulator)", "'midiloop run --emulate MODEL' tests the same models inside midiloop");
}

}  // namespace midiloop
