#include "tester/cli/files.hpp"

#include <filesystem>

#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "tester/cli/errors.hpp"

namespace midiloop {

ReportFile read_report_or_usage(const std::string& command, const std::string& path) {
  try {
    return read_report_file(path);
  } catch (const ReportFileError& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

void refuse_same_file(const std::string& command, const std::string& report, const std::string& html) {
  std::error_code ignored;
  if (report == html || std::filesystem::equivalent(report, html, ignored)) {
    throw UsageError("midiloop " + command + ": --html '" + html + "' is the JSON report itself; name another file");
  }
}

void write_page(const nlohmann::json& report, const std::string& path) {
  write_file_atomically(path, report_html(report), "HTML report");
}

}  // namespace midiloop
