#pragma once
// midiloop models: the emulated interfaces and host models, with their parameters.
#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct ModelsOptions {};  // none but --help

// Throws UsageError, or HelpRequested for --help.
ModelsOptions parse_models_options(const Args& args);
int run_models(const ModelsOptions& options, Console& console);

}  // namespace midiloop
