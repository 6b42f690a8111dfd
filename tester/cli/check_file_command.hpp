#pragma once
// midiloop check-file: are these .syx files well formed, where does each message start, and how
// long will they take to send?
#include <cstdint>
#include <string>
#include <vector>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct CheckFileOptions {
  std::vector<std::string> paths;
  uint32_t chunk_bytes = 0;  // with rate_bps: also the time at that pacing
  double rate_bps = 0;
  int64_t message_gap_us = 0;  // a pause after each F7, counted in the time
  bool all_offsets = false;    // --offsets: every message's offset, not the first and last few
};

// "message 12 at byte 1221, 111 bytes" for the messages starting at `starts` in a file of
// `file_bytes` bytes: every one with `all`, else the first and last kShownOffsets (a Machinedrum OS
// has 14,700) with a line saying how many are left out between them.
inline constexpr std::size_t kShownOffsets = 3;
std::vector<std::string> offset_lines(const std::vector<uint32_t>& starts, std::size_t file_bytes, bool all);

// Throws UsageError (no file named), or HelpRequested for --help.
CheckFileOptions parse_check_file_options(const Args& args);
// 0 when every file is well formed. Throws UsageError for a file that cannot be read or is
// malformed (the message lists the problems with their offsets), after the others are told.
int run_check_file(const CheckFileOptions& options, Console& console);

}  // namespace midiloop
