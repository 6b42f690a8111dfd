#include "tester/cli/files.hpp"

#include <filesystem>

#include "patterns/syx_file.hpp"

#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "reports/user_file.hpp"
#include "tester/cli/errors.hpp"

namespace midiloop {

std::vector<uint8_t> read_syx_or_usage(const std::string& command, const std::string& path) {
  const auto refused = [&](const std::string& what) { return UsageError("midiloop " + command + ": " + what); };
  std::vector<uint8_t> bytes;
  try {
    bytes = read_user_file(path, ".syx file", kLargestSyxBytes);
  } catch (const InputFileError& e) {
    std::string why = e.what();
    // Firmware is a few MB: say why the limit is there.
    if (why.find("larger than") != std::string::npos) {
      why += "; instrument firmware is a few MB, so this is not a .syx file midiloop will send";
    }
    throw refused(why);
  }
  if (bytes.empty()) throw refused("'" + path + "' is empty");
  return bytes;
}

ReportFile read_report_or_usage(const std::string& command, const std::string& path) {
  try {
    return read_report_file(path);
  } catch (const ReportFileError& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

void write_page(const nlohmann::json& report, const std::string& path) {
  write_file_atomically(path, report_html(report), "HTML report");
}

}  // namespace midiloop
