#include "tester/cli/emulate_command.hpp"

#include <sstream>

#include "tester/cli/errors.hpp"
#include "tester/cli/jack_parts.hpp"
#include "tester/cli/ports.hpp"

namespace midiloop {

EmulateOptions parse_emulate_options(const Args& args) {
  EmulateOptions options;
  auto desc = command_options(
      "Usage: midiloop emulate MODEL[:key=value,...] [options]\n\n"
      "Exposes an emulated interface as MIDI ports NAME:in and NAME:out, in real time, so any\n"
      "program (midiloop run, amidi, a DAW) can be tested against it. See 'midiloop models'");
  desc.add_options()("model", po::value(&options.model), "the model, with parameters (also the first argument)")(
      "name", po::value(&options.name), "port client name (default: emulated-MODEL)");
  add_api_option(desc, options.api);
  desc.add_options()("speed", po::value<std::string>(),
                     "wire speed as a multiple of 3125 B/s (overrides the model's speed=)")(
      "seed", po::value<std::string>()->default_value("1"), "seed for the model's random faults");
  const auto vm = parse(args, desc, "emulate", "model");
  if (options.model.empty()) throw UsageError("midiloop emulate: name a model (see 'midiloop models')");
  options.speed = quantity_option(vm, "speed", kWireSpeed, "emulate");
  options.seed = *whole_option(vm, "seed", kSeed, "emulate");
  return options;
}

int run_emulate(const EmulateOptions& options, Console& console) {
  ModelConfig model = parse_model_or_usage("emulate", options.model);
  if (options.speed) {
    try {
      set_model_parameter(model, "speed", *options.speed);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("midiloop emulate --speed: ") + e.what());
    }
  }
  const std::string name = options.name.empty() ? "emulated-" + model.name : options.name;
  const auto speed = model.settings.speed;
  std::ostringstream speed_text;
  speed_text << speed;
  auto announce = [&](const std::string& api) {
    console.out << "midiloop emulate: " << model.spec() << " on " << api << " ports '" << name
                << ":in' (send to it) and '" << name << ":out' (receive from it).\n"
                << "Test it with: midiloop run --api " << api << " --out " << name << " --in " << name
                << (speed != 1 ? " --wire-speed " + speed_text.str() : std::string()) << "\n"
                << "Ctrl-C stops.\n"
                << std::flush;
  };
  const auto stop = [&console] { return console.stop_requested(); };
  const LiveEmulationCounts stats =
      port_step([&] { return run_live_emulation(model, options.seed, name, options.api, stop, announce); });
  console.out << "midiloop emulate: stopped; " << stats.bytes_in << " bytes in, " << stats.bytes_out << " out, "
              << stats.bytes_dropped << " dropped by the model on the way in\n";
  return kExitSafe;
}

}  // namespace midiloop
