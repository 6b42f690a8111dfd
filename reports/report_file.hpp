#pragma once
// A report file the user named, read and checked in one place for every command that takes one:
// compare and report render it, rehearse and send take their pacing from it.
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "patterns/pacing.hpp"
#include "reports/report.hpp"

namespace midiloop {

// A report file that cannot be used; the message names the file and what is wrong with it.
class ReportFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReportFile {
  std::string path;
  nlohmann::json json;                  // the whole report, for what renders it (compare, the HTML page)
  Verdict verdict = Verdict::incomplete;
  std::vector<std::string> conditions;  // what the verdict holds only under (absent in older reports: none)
  std::string out_port;                 // where the report was made
  std::optional<Pacing> advised;        // the advice's pacing (PASS_WITH_PACING)
  std::vector<Pacing> lossy;            // pacings the search saw losing data
};

// Reads `path` and checks what every command relies on: JSON, a schema version this midiloop reads
// (kOldestSchemaVersion to kSchemaVersion), a verdict, conditions that are strings and pacings that
// are whole. Throws ReportFileError naming `path`: unreadable, not JSON or truncated, not a midiloop
// report, another schema version, or a field missing or of the wrong type.
ReportFile read_report_file(const std::string& path);
// The same checks on a report's bytes already read; `path` names it in messages.
ReportFile read_report_text(std::span<const uint8_t> bytes, const std::string& path);

}  // namespace midiloop
