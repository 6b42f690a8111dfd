#pragma once
// midiloop compare: reports of 'midiloop run' side by side.
#include <string>
#include <vector>

#include "reports/compare.hpp"
#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct CompareOptions {
  std::vector<std::string> reports;           // paths of reports of 'midiloop run'
  CompareFormat format = CompareFormat::text;
  bool colour = false;                        // text only: colour the verdicts
  std::string html;                           // also write the comparison as an HTML page here ("" none)
};

// Throws UsageError (no report, an unknown format), or HelpRequested for --help. Colour when stdout
// is a terminal and NO_COLOR is not set.
CompareOptions parse_compare_options(const Args& args);
// 0 when every report could be compared (and the page written). Throws UsageError naming a report
// that cannot be, or an --html path that cannot be written (refused before anything is written:
// one of the reports, a device, a missing folder).
int run_compare(const CompareOptions& options, Console& console);

}  // namespace midiloop
