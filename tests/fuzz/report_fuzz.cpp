// libFuzzer target for the report reader and what renders a report it accepts: any bytes are a
// ReportFileError naming the problem, or a report compare and the HTML page take without an
// exception of any other kind (a library's raw text must never reach the user).
#include <cstddef>
#include <cstdint>
#include <span>

#include "reports/compare.hpp"
#include "reports/report_file.hpp"
#include "reports/report_html.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const midiloop::ReportFile report = midiloop::read_report_text(std::span<const uint8_t>(data, size), "fuzz.json");
    (void)midiloop::report_html(report.json);
    (void)midiloop::compare_row(report);
  } catch (const midiloop::ReportFileError&) {
  }
  return 0;
}
