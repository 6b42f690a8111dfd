#pragma once
// midiloop emulate: an emulated interface as MIDI ports, in real time, until Ctrl-C.
#include <cstdint>
#include <optional>
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct EmulateOptions {
  std::string model;             // MODEL[:key=value,...]
  std::string name;              // port client name; default "emulated-MODEL"
  std::string api = "auto";
  std::optional<double> speed;   // overrides the model's speed
  uint64_t seed = 1;
};

// Throws UsageError (no model named), or HelpRequested for --help.
EmulateOptions parse_emulate_options(const Args& args);
// 0 when stopped by Ctrl-C. Throws UsageError for a bad model, SystemError when ports fail.
int run_emulate(const EmulateOptions& options, Console& console);

}  // namespace midiloop
