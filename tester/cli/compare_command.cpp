#include "tester/cli/compare_command.hpp"

#include <map>

#include "reports/compare_html.hpp"
#include "reports/user_file.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/files.hpp"

namespace midiloop {

CompareOptions parse_compare_options(const Args& args) {
  CompareOptions options;
  std::string format = "text";
  auto desc = command_options(
      "Usage: midiloop compare A.json B.json ... [--format text|md|csv|json] [--html OUT.html]\n\n"
      "Puts reports of 'midiloop run' side by side: verdict, safe pacing, largest clean SysEx, loss at\n"
      "full speed, time for a 1.6 MB OS, latency, deviations. Colour only on a terminal (NO_COLOR\n"
      "turns it off). --html also writes them as one HTML page: the table, every throughput curve in\n"
      "one chart, the latencies on one axis and the compliance checks as a matrix; it loads nothing\n"
      "and needs no JavaScript. The table is still printed, so --format md > compare.md and --html\n"
      "make both at once");
  desc.add_options()("report", po::value(&options.reports)->composing(), "a report")(
      "format", po::value(&format)->default_value(format), "text, md, csv or json")(
      "html", po::value(&options.html), "also write the comparison as an HTML page here");
  const auto vm = parse(args, desc, "compare", "report", -1);
  const std::map<std::string, CompareFormat> formats = {
      {"text", CompareFormat::text}, {"md", CompareFormat::md}, {"csv", CompareFormat::csv}, {"json", CompareFormat::json}};
  if (!formats.count(format)) throw UsageError("midiloop compare: --format is text, md, csv or json, not '" + format + "'");
  if (options.reports.empty()) throw UsageError("midiloop compare: name one or more reports of 'midiloop run'");
  if (vm.count("html") && options.html.empty()) {
    throw UsageError("midiloop compare: the HTML page path is empty: give --html a file name");
  }
  options.format = formats.at(format);
  options.colour = colour_on_stdout();
  return options;
}

int run_compare(const CompareOptions& options, Console& console) {
  std::vector<ComparedReport> reports;
  for (const auto& path : options.reports) {
    ReportFile file = read_report_or_usage("compare", path);
    try {
      reports.push_back({compare_row(file), std::move(file.json)});
    } catch (const ReportFileError& e) {
      throw UsageError(std::string("midiloop compare: ") + e.what());
    }
  }
  if (!options.html.empty()) {
    // The page is written before the table is printed: a page that cannot be written is an error
    // with nothing on stdout, not a table that looks like success.
    std::vector<OutputPath> inputs;
    for (const auto& path : options.reports) inputs.push_back({path, "report"});
    try {
      check_output_paths({{options.html, "HTML comparison"}}, inputs);
      write_file_atomically(options.html, compare_html(reports), "HTML comparison");
    } catch (const OutputPathError& e) {
      throw UsageError(std::string("midiloop compare: ") + e.what());
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("midiloop compare: ") + e.what() + "; choose another --html path");
    }
  }
  std::vector<CompareRow> rows;
  for (const auto& r : reports) rows.push_back(r.row);
  console.out << render_comparison(rows, options.format, options.colour);
  return kExitSafe;
}

}  // namespace midiloop
