#pragma once
// midiloop list: the MIDI ports, numbered, per API.
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct ListOptions {
  std::string api = "auto";
};

// Throws UsageError, or HelpRequested for --help.
ListOptions parse_list_options(const Args& args);
// 0 when an API could list its ports; a SystemError (4) when none could.
int run_list(const ListOptions& options, Console& console);

}  // namespace midiloop
