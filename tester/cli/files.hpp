#pragma once
// The files a command reads and writes because the user named them: .syx files, reports of
// 'midiloop run', HTML pages. Each is read here, into a value; a file that cannot be used is a
// UsageError naming the command and the file.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/report_file.hpp"

namespace midiloop {

// The bytes of a .syx file, at most kLargestSyxBytes (patterns/syx_file.hpp). Throws UsageError of
// `command` when it cannot be read, is larger or is empty; what is in it is for check_syx to say.
std::vector<uint8_t> read_syx_or_usage(const std::string& command, const std::string& path);

// read_report_file, its problems a UsageError of `command`.
ReportFile read_report_or_usage(const std::string& command, const std::string& path);

// The HTML page of `report` (as report_to_json gives it or read_report_file read it), written
// atomically. Throws std::runtime_error naming the path and the system's reason.
void write_page(const nlohmann::json& report, const std::string& path);

}  // namespace midiloop
