#pragma once
// midiloop report: a report of 'midiloop run' as one HTML page.
#include <string>

#include "tester/cli/arguments.hpp"
#include "tester/cli/console.hpp"

namespace midiloop {

struct ReportOptions {
  std::string file;  // a JSON report of 'midiloop run'
  std::string html;  // where to write it as an HTML page
};

// Throws UsageError (no report or no --html), or HelpRequested for --help.
ReportOptions parse_report_options(const Args& args);
// 0 when the page is written. Throws UsageError for a report that cannot be read or a page that
// cannot be written there.
int run_report(const ReportOptions& options, Console& console);

}  // namespace midiloop
