#include "tester/cli/compare_command.hpp"

#include <map>

#include "tester/cli/errors.hpp"
#include "tester/cli/files.hpp"

namespace midiloop {

CompareOptions parse_compare_options(const Args& args) {
  CompareOptions options;
  std::string format = "text";
  auto desc = command_options(
      "Usage: midiloop compare A.json B.json ... [--format text|md|csv|json]\n\n"
      "Puts reports of 'midiloop run' side by side: verdict, safe pacing, largest clean SysEx, loss at\n"
      "full speed, time for a 1.6 MB OS, latency, deviations. Colour only on a terminal (NO_COLOR\n"
      "turns it off)");
  desc.add_options()("report", po::value(&options.reports)->composing(), "a report")(
      "format", po::value(&format)->default_value(format), "text, md, csv or json");
  parse(args, desc, "compare", "report", -1);
  const std::map<std::string, CompareFormat> formats = {
      {"text", CompareFormat::text}, {"md", CompareFormat::md}, {"csv", CompareFormat::csv}, {"json", CompareFormat::json}};
  if (!formats.count(format)) throw UsageError("midiloop compare: --format is text, md, csv or json, not '" + format + "'");
  if (options.reports.empty()) throw UsageError("midiloop compare: name one or more reports of 'midiloop run'");
  options.format = formats.at(format);
  options.colour = colour_on_stdout();
  return options;
}

int run_compare(const CompareOptions& options, Console& console) {
  std::vector<CompareRow> rows;
  for (const auto& path : options.reports) {
    try {
      rows.push_back(compare_row(read_report_or_usage("compare", path)));
    } catch (const ReportFileError& e) {
      throw UsageError(std::string("midiloop compare: ") + e.what());
    }
  }
  console.out << render_comparison(rows, options.format, options.colour);
  return kExitSafe;
}

}  // namespace midiloop
