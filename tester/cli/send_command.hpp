#pragma once
// midiloop send: a .syx file to an instrument, with the pacing a report proved safe (or the one given).
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"
#include "tester/cli/transfer_setup.hpp"

namespace midiloop {

struct SendOptions : TransferOptions {
  bool dry_run = false;  // say what would be sent; open nothing
};

// Throws UsageError, or HelpRequested for --help.
SendOptions parse_send_options(const Args& args);
// 0 when sent (or, with dry_run, when it would be), 130 when interrupted. Throws UsageError for what
// cannot be used, SystemError when the port fails, Interrupted when Ctrl-C came before sending.
int run_send(const SendOptions& options, Console& console);

}  // namespace midiloop
