#pragma once
// What rehearse and send share: their common options, and the setup of a transfer (the file read
// and checked, the report read, the pacing chosen).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"
#include "tester/runner/transfer.hpp"

namespace midiloop {

struct TransferOptions {
  std::vector<std::string> files;      // the .syx files, in the order they go out
  std::string out, api = "auto";
  std::optional<std::string> report;   // take the pacing from this report of 'midiloop run'
  std::optional<double> rate_bps;      // or from these settings
  std::optional<uint32_t> chunk_bytes;
  std::optional<int64_t> message_gap_us;  // --pause-after-message: after each F7, over what the pacing says
  bool force = false;                  // use a pacing the report saw losing data
  bool progress = false;               // draw a progress line on stderr
};

// The options both commands have, in the order their help lists them, bound to `options`.
void add_transfer_options(po::options_description& desc, TransferOptions& options);
// After parsing: the optional values and the progress line. Throws UsageError when no file is named.
void finish_transfer_options(const po::variables_map& vm, const std::string& command, TransferOptions& options);

struct Transfer {
  std::vector<FileToSend> files;  // from the start point on
  PacingChoice choice;
  std::size_t bytes() const;
  std::size_t messages() const;
};

// Reads and checks every file before anything is sent (a bad third file is found before the first
// goes out), reads the report, chooses the pacing and puts its warnings on stderr. Throws
// UsageError naming `command` for a file, report, start point or pacing that cannot be used.
Transfer prepare_transfer(const TransferOptions& options, const std::string& command, Console& console,
                          const StartPoint& start = {});

// "file 2 of 3, B.syx" when several files are named (their count `named`), else the file's name.
std::string file_words(const FileToSend& file, std::size_t named);

// Ctrl-C while the ports were being opened: nothing has been sent, so nothing is half done.
void stop_if_interrupted(const std::string& command, const Console& console);

}  // namespace midiloop
