#pragma once
// midiloop send: .syx files to an instrument, in order, with the pacing a report proved safe (or
// the one given), after listening that the line is quiet, and done only when the wire is.
#include <cstdint>
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"
#include "tester/cli/transfer_setup.hpp"

namespace midiloop {

// How long send listens before sending: long enough for Active Sensing (every 300 ms at most,
// MIDI 1.0) to show several times, and for clock at any tempo.
inline constexpr int64_t kQuietListenNs = 2'000'000'000;

struct SendOptions : TransferOptions {
  std::string in;             // listen here before sending ("" : the line is not checked)
  bool listen = true;         // false: --no-listen
  int64_t file_pause_us = 0;  // between the last byte of a file on the wire and the next file
  StartPoint start;           // --from-file, --from-message
  bool dry_run = false;       // say what would be sent; open nothing
};

// Throws UsageError, or HelpRequested for --help.
SendOptions parse_send_options(const Args& args);
// 0 when sent (or, with dry_run, when it would be), 130 when interrupted. Throws UsageError for
// what cannot be used, SystemError when the port fails or the line is not quiet (nothing sent
// then), Interrupted when Ctrl-C came before sending.
int run_send(const SendOptions& options, Console& console);

}  // namespace midiloop
