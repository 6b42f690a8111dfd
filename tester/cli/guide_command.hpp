#pragma once
// midiloop guide: the musician's whole path, one screen at a time, in plain words: which
// interface, how to cable it (and waiting until the loop is there), the test and its verdict, and,
// when it is safe, the firmware file checked, rehearsed through the loop and sent. Every question
// takes Enter for its safe default; Ctrl-C leaves at any step.
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct GuideOptions {
  std::string api = "auto";
  std::string emulate;        // an emulated interface instead of real ports
  std::string folder = ".";   // where the report and its page are written (never over a file)
  bool progress = false;      // progress lines on stderr
};

GuideOptions parse_guide_options(const Args& args);
// The exit code of the last step run: the run's verdict (exit_codes.hpp), a transfer's, or 130
// when the user left with Ctrl-C.
int run_guide(const GuideOptions& options, Console& console);

// 'midiloop' with no command, on a terminal: offers the guide. Returns false when the user said no.
bool offer_guide(Console& console);

}  // namespace midiloop
