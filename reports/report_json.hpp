#pragma once
// The report as JSON (docs/report.schema.json), written atomically: temp file, fsync, rename.
// Reading one back: reports/report_file.hpp.
#include <string>

#include <nlohmann/json.hpp>

#include "reports/report.hpp"
#include "reports/user_file.hpp"

namespace midiloop {

nlohmann::json report_to_json(const Report& report);

// Throws std::runtime_error naming the path and the system's reason.
void write_report_atomically(const Report& report, const std::string& path);

}  // namespace midiloop
