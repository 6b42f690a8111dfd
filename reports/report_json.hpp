#pragma once
// The report as JSON (docs/report.schema.json), written atomically: temp file, fsync, rename.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reports/report.hpp"

namespace midiloop {

nlohmann::json report_to_json(const Report& report);

// Throws std::runtime_error naming the path and the system's reason.
void write_report_atomically(const Report& report, const std::string& path);
// Any text the same way: temp file, fsync, rename; `what` names it in the error ("HTML report").
void write_file_atomically(const std::string& path, const std::string& text, const std::string& what);

// The report's closed sets (StopReason, BackPressure, TrialPhase, Effect, Shape, Payload,
// MessageGroup, TimestampSource) back from the names the report writes: nothing when `name` is not
// one of the set's.
template <typename E>
std::optional<E> from_report_name(std::string_view name);
// The same for a field that must hold one. Throws std::runtime_error naming the field, what it
// held and the names it may hold: "tests[3].shape: "blob" is none of the names it may hold
// (probe, single, ...)".
template <typename E>
E read_report_name(const nlohmann::json& value, std::string_view field);

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
