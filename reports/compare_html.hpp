#pragma once
// Interfaces compared on one self-contained HTML page: "which one should I buy" at a glance.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/compare.hpp"

namespace midiloop {

struct ComparedReport {
  CompareRow row;         // its column of the table, as compare_row made it
  nlohmann::json report;  // the report as read_report_file read it (schema 1 or 2), for the charts
};

// The verdicts and settings in a table (compare's columns), every throughput curve in one chart,
// the latencies on one axis, and the compliance checks as a matrix; an interface keeps one colour,
// marker and dash everywhere. Like report_html: no JavaScript, no load of any kind (a
// Content-Security-Policy blocks them), every string from a report escaped, and a section a report
// lacks (schema 1, a partial run) shown as not measured: it never throws on odd JSON.
std::string compare_html(const std::vector<ComparedReport>& reports);

}  // namespace midiloop
