#pragma once
// The report as JSON (docs/report.schema.json), written atomically: temp file, fsync, rename.
// Reading one back: reports/report_file.hpp.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reports/report.hpp"
#include "reports/user_file.hpp"

namespace midiloop {

nlohmann::json report_to_json(const Report& report);

// Throws std::runtime_error naming the path and the system's reason.
void write_report_atomically(const Report& report, const std::string& path);
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

}  // namespace midiloop
