#include "tester/cli/ports.hpp"

#include <cstdlib>
#include <stdexcept>

#include "tester/cli/errors.hpp"
#include "tester/cli/jack_parts.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/links/port_select.hpp"

namespace midiloop {
namespace {

std::unique_ptr<Link> open_real_link(const LoopRequest& request, SteadyClock& clock, Console& console) {
  const auto open_jack = [&] { return open_jack_ports(request.out, request.in, request.wire_speed, clock); };
  if (request.api == "jack") return open_jack();
  RtMidiLinkOptions options;
  options.api = request.api;
  options.out = request.out;
  options.in = request.in;
  options.on_stuck = [&console, command = request.command, note = request.results_note](const std::string& what) {
    // The sending thread is stuck inside RtMidi and cannot be unwound; end the process.
    console.err << "\nmidiloop " << command << ": " << what << "\n" << note;
    console.err.flush();
    std::_Exit(kExitSystem);
  };
  if (request.api != "auto" || !jack_in_build()) return open_rtmidi_link(options, clock);
  try {
    return open_rtmidi_link(options, clock);
  } catch (const LinkError& rtmidi_problem) {
    try {
      return open_jack();
    } catch (const LinkError& jack_problem) {
      throw LinkError(std::string(rtmidi_problem.what()) + "\n  jack: " + jack_problem.what());
    }
  } catch (const PortSelectionError&) {
    if (!jack_server_problem().empty()) throw;
    return open_jack();
  }
}

HostSpec parse_host_or_usage(const std::string& command, const std::string& spec) {
  try {
    return parse_host_spec(spec);
  } catch (const std::invalid_argument& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

}  // namespace

std::vector<std::string> all_api_choices() {
  auto names = api_choices();
  if (jack_in_build()) names.insert(names.begin() + 1, "jack");
  return names;
}

void rethrow_as_cli_error() {
  try {
    throw;
  } catch (const PortSelectionError& e) {
    throw UsageError(std::string("midiloop: ") + e.what());
  } catch (const LinkError& e) {
    throw SystemError(std::string("midiloop: ") + e.what());
  }
}

std::vector<ApiPorts> list_all_ports(const std::string& api) {
  return port_step([&] {
    std::vector<ApiPorts> apis;
    if (api != "jack") apis = list_ports(api);
    if (api == "jack" || (api == "auto" && jack_in_build())) apis.push_back(list_jack_api_ports());
    return apis;
  });
}

ModelConfig parse_model_or_usage(const std::string& command, const std::string& spec) {
  try {
    return parse_model_spec(spec);
  } catch (const std::invalid_argument& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

void refuse_host_without_emulate(const std::string& command, const std::string& host, const std::string& emulate) {
  if (!host.empty() && emulate.empty()) {
    throw UsageError("midiloop " + command + ": --host puts an emulated host in front of an emulated interface; give "
                     "it with --emulate MODEL (real ports go through the real host)");
  }
}

LoopUnderTest open_loop(const LoopRequest& request, Console& console) {
  LoopUnderTest loop;
  if (request.emulate.empty()) {
    auto steady = std::make_unique<SteadyClock>();
    loop.link = port_step([&] { return open_real_link(request, *steady, console); });
    loop.clock = std::move(steady);
    return loop;
  }
  const ModelConfig model = parse_model_or_usage(request.command + " --emulate", request.emulate);
  loop.model_speed = model.settings.speed;
  auto virtual_clock = std::make_unique<VirtualClock>();
  if (request.host.empty()) {
    loop.link = std::make_unique<EmulatedLink>(model, *virtual_clock, request.seed);
  } else {
    loop.link = std::make_unique<HostModelLink>(model, parse_host_or_usage(request.command + " --host", request.host),
                                                *virtual_clock, request.seed);
  }
  loop.clock = std::move(virtual_clock);
  return loop;
}

}  // namespace midiloop
