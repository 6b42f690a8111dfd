#pragma once
// midiloop rehearse: the real .syx file through the loop with the chosen pacing, compared byte for
// byte and message by message with what comes back: the final proof before an update.
#include <cstdint>
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"
#include "tester/cli/transfer_setup.hpp"

namespace midiloop {

struct RehearseOptions : TransferOptions {
  std::string in;       // the loop's input port (with out)
  std::string emulate;  // or an emulated interface
  std::string host;     // with emulate: a host model in front of it ("" for none)
  uint64_t seed = 1;    // the emulated model's random faults
};

// Throws UsageError, or HelpRequested for --help.
RehearseOptions parse_rehearse_options(const Args& args);
// 0 when every message came back intact, 1 when not, 130 when interrupted. Throws UsageError for
// what cannot be used, SystemError when a port fails, Interrupted when Ctrl-C came before sending.
int run_rehearse(const RehearseOptions& options, Console& console);

}  // namespace midiloop
