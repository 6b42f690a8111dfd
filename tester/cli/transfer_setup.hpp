#pragma once
// What rehearse and send share: their common options, and the setup of a transfer (the file read
// and checked, the report read, the pacing chosen).
#include <cstdint>
#include <optional>
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"
#include "tester/runner/transfer.hpp"

namespace midiloop {

struct TransferOptions {
  std::string file;                    // the .syx file
  std::string out, api = "auto";
  std::optional<std::string> report;   // take the pacing from this report of 'midiloop run'
  std::optional<double> rate_bps;      // or from these settings
  std::optional<uint32_t> chunk_bytes;
  bool force = false;                  // use a pacing the report saw losing data
  bool progress = false;               // draw a progress line on stderr
};

// The options both commands have, in the order their help lists them, bound to `options`.
void add_transfer_options(po::options_description& desc, TransferOptions& options);
// After parsing: the optional values and the progress line. Throws UsageError when no file is named.
void finish_transfer_options(const po::variables_map& vm, const std::string& command, TransferOptions& options);

struct Transfer {
  SyxFile file;
  PacingChoice choice;
};

// Reads and checks the file, reads the report, chooses the pacing and puts its warnings on stderr.
// Throws UsageError naming `command` for a file, report or pacing that cannot be used.
Transfer prepare_transfer(const TransferOptions& options, const std::string& command, Console& console);

// Ctrl-C while the ports were being opened: nothing has been sent, so nothing is half done.
void stop_if_interrupted(const std::string& command, const Console& console);

}  // namespace midiloop
