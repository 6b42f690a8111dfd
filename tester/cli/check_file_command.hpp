#pragma once
// midiloop check-file: is this .syx file well formed, and how long will it take to send?
#include <cstdint>
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct CheckFileOptions {
  std::string path;
  uint32_t chunk_bytes = 0;  // with rate_bps: also the time at that pacing
  double rate_bps = 0;
};

// Throws UsageError (no file named), or HelpRequested for --help.
CheckFileOptions parse_check_file_options(const Args& args);
// 0 when well formed. Throws UsageError for a file that cannot be read or is malformed (the
// message lists the problems with their offsets).
int run_check_file(const CheckFileOptions& options, Console& console);

}  // namespace midiloop
