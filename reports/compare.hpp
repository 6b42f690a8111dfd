#pragma once
// Interfaces side by side: one row per report, the columns a buyer asks about.
#include <string>
#include <vector>

#include "reports/report_file.hpp"

namespace midiloop {

struct CompareRow {
  std::string label, ports, api, os, verdict, safe_pacing, largest_clean_sysex, loss_at_full_speed, os_time, latency,
      deviations;
  std::string only_with;  // the verdict's conditions ("-" when none), shown after the safe pacing
};

// Throws ReportFileError naming the file when a field compare needs is missing or of the wrong type.
CompareRow compare_row(const ReportFile& report);

// The columns every format shows, in order, and a row's cells under them as they are shown: text
// from a report with its control characters (an escape sequence, a newline) written as \xNN.
std::vector<std::string> compare_headers();
std::vector<std::string> compare_cells(const CompareRow& row);
inline constexpr std::size_t kCompareLabelColumn = 0;    // the interface's name
inline constexpr std::size_t kCompareVerdictColumn = 4;  // PASS, FAIL, ...

enum class CompareFormat { text, md, csv, json };

// `colour`: ANSI colours for the verdicts (text only; callers pass false unless on a TTY without NO_COLOR).
std::string render_comparison(const std::vector<CompareRow>& rows, CompareFormat format, bool colour);

}  // namespace midiloop
