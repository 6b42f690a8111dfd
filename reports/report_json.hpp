#pragma once
// The report as JSON (docs/report.schema.json), written atomically: temp file, fsync, rename.
#include <string>

#include <nlohmann/json.hpp>

#include "reports/report.hpp"

namespace midiloop {

nlohmann::json report_to_json(const Report& report);

// Throws std::runtime_error naming the path and the system's reason.
void write_report_atomically(const Report& report, const std::string& path);
// Any text the same way: temp file, fsync, rename; `what` names it in the error ("HTML report").
void write_file_atomically(const std::string& path, const std::string& text, const std::string& what);

// Reads a report file as JSON. Throws std::runtime_error naming the file and the problem:
// unreadable, not JSON or truncated, not a midiloop report, or another schema version.
nlohmann::json load_report_json(const std::string& path);

// What send and rehearse need from a report. Throws std::runtime_error naming the file and the
// problem (unreadable, not JSON, truncated, another schema version, missing fields).
struct ReportedPacing {
  Verdict verdict = Verdict::incomplete;
  std::string out_port;             // where the report was made
  std::optional<Pacing> advised;    // PASS_WITH_PACING
  std::vector<Pacing> lossy;        // pacings the search saw losing data
  std::vector<std::string> conditions;  // what the verdict holds only under (empty in older reports)
};
ReportedPacing read_reported_pacing(const std::string& path);

}  // namespace midiloop
