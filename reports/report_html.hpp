#pragma once
// The report as one self-contained HTML page for people: verdict, advice, charts, tables.
#include <nlohmann/json.hpp>
#include <string>

namespace midiloop {

// `report` as read_report_file reads it (ReportFile::json, schema 1 or 2). The page loads nothing: inline CSS and
// SVG, no JavaScript, and a Content-Security-Policy that blocks any other load. Every string from
// the report is escaped. Missing or mistyped fields render as empty, never throw: a partial report
// or one from another version still renders.
std::string report_html(const nlohmann::json& report);

}  // namespace midiloop
