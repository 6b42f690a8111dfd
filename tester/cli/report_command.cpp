#include "tester/cli/report_command.hpp"

#include "tester/cli/errors.hpp"
#include "reports/user_file.hpp"
#include "tester/cli/files.hpp"

namespace midiloop {

ReportOptions parse_report_options(const Args& args) {
  ReportOptions options;
  auto desc = command_options(
      "Usage: midiloop report FILE.json --html OUT.html\n\n"
      "Renders a report of 'midiloop run' as one HTML page: the verdict, the recommended settings,\n"
      "charts of what passed by size and pacing, of throughput and of latency, the compliance\n"
      "checks, and every test with a hex dump of its first error. The page loads nothing and needs\n"
      "no JavaScript: open it in any browser, attach it to a bug report");
  desc.add_options()("file", po::value(&options.file), "the JSON report")(
      "html", po::value(&options.html), "where to write the HTML page");
  parse(args, desc, "report", "file");
  if (options.file.empty()) throw UsageError("midiloop report: name a JSON report of 'midiloop run'");
  if (options.html.empty()) throw UsageError("midiloop report: give --html OUT.html: where to write the page");
  return options;
}

int run_report(const ReportOptions& options, Console& console) {
  const ReportFile report = read_report_or_usage("report", options.file);
  try {
    check_output_paths({{options.html, "HTML report"}}, {{options.file, "report"}});
  } catch (const OutputPathError& e) {
    throw UsageError(std::string("midiloop report: ") + e.what());
  }
  try {
    write_page(report.json, options.html);
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("midiloop report: ") + e.what() + "; choose another --html path");
  }
  console.out << "HTML report: " << options.html << "\n";
  return kExitSafe;
}

}  // namespace midiloop
