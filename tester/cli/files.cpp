#include "tester/cli/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "patterns/syx_file.hpp"

#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "tester/cli/errors.hpp"

namespace midiloop {

std::vector<uint8_t> read_syx_or_usage(const std::string& command, const std::string& path) {
  const auto refused = [&](const std::string& what) { return UsageError("midiloop " + command + ": " + what); };
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw refused("cannot read '" + path + "': " + std::strerror(errno));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(file, &std::fclose);
  std::vector<uint8_t> bytes;
  constexpr std::size_t kBlock = 64 * 1024;
  for (std::size_t n = kBlock; n == kBlock;) {
    const std::size_t at = bytes.size();
    bytes.resize(at + kBlock);
    n = std::fread(bytes.data() + at, 1, kBlock, file);
    bytes.resize(at + n);
    if (bytes.size() > kLargestSyxBytes) {
      throw refused("'" + path + "' is larger than " + std::to_string(kLargestSyxBytes >> 20) +
                    " MB; instrument firmware is a few MB, so this is not a .syx file midiloop will send");
    }
  }
  if (std::ferror(file)) throw refused("reading '" + path + "' failed: " + std::strerror(errno));
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
