#pragma once
// midiloop run: the test suite on a loop cable or an emulated interface; a line per test, the
// verdict, and the report as JSON (and HTML).
#include <cstdint>
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct RunOptions {
  std::string out, in;        // real ports
  std::string api = "auto";
  std::string emulate;        // a model spec instead of real ports
  std::string host;           // with emulate: a host model between midiloop and the model ("" for none)
  std::string suite = "standard";
  std::string report = "midiloop-report.json";
  bool no_report = false;
  uint64_t seed = 1;
  double wire_speed = 1.0;
  std::string label;
  bool strict = false;
  bool progress = false;      // draw a progress line on stderr
  std::string html;           // also write the report as an HTML page here, at the end
  int64_t message_gap_us = 0;  // the instrument's pause after each F7, kept by the pacing search
};

// Throws UsageError, or HelpRequested for --help and --help-suites.
RunOptions parse_run_options(const Args& args);
// The verdict's exit code (exit_code_for). Throws UsageError for options or paths that cannot be
// used, SystemError when a port fails (the finished tests are in the report).
int run_run(const RunOptions& options, Console& console);

}  // namespace midiloop
