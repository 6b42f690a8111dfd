// Interfaces side by side: what compare reads from a report, and what it refuses.
#include "reports/compare.hpp"

#include <gtest/gtest.h>

#include "reports/report_json.hpp"

namespace midiloop {
namespace {

ReportFile as_read(nlohmann::json j) {
  ReportFile file;
  file.path = "a.json";
  file.json = std::move(j);
  return file;
}

nlohmann::json report_with_tests() {
  Report r;
  r.link.out = r.link.in = "port";
  r.link.api = "virtual";
  r.verdict = Verdict::fail;
  TestResult single, rs;
  single.id = "full/4096";
  single.shape = Shape::single;
  single.message_bytes = 4096;
  single.bytes_sent = 4096;
  single.pass = true;
  rs.id = "running-status/cc";
  rs.shape = Shape::running_status;
  rs.bytes_sent = 192;
  rs.errors.corrupted = 63;
  r.tests = {single, rs};
  return report_to_json(r);
}

TEST(Compare, ShapesDecideTheColumns) {
  const CompareRow row = compare_row(as_read(report_with_tests()));
  EXPECT_EQ(row.largest_clean_sysex, "4096 B");
  EXPECT_EQ(row.deviations, "running-status");  // version 1's way: no compliance checks in this report
}

TEST(Compare, AShapeItDoesNotKnowIsRefusedNamingTheReportAndTheField) {
  auto j = report_with_tests();
  j["tests"][1]["shape"] = "blob";
  try {
    compare_row(as_read(j));
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("report 'a.json'"), std::string::npos) << what;
    EXPECT_NE(what.find("tests[1].shape"), std::string::npos) << what;
    EXPECT_NE(what.find("\"blob\""), std::string::npos) << what;
  }
}

TEST(Compare, TextFromAReportCannotDriveTheTerminalOrBreakTheTable) {
  auto j = report_with_tests();
  j["label"] = "evil\x1b[31m|red\nline\xc2\x9b" "2J";
  const CompareRow row = compare_row(as_read(j));
  for (CompareFormat format : {CompareFormat::text, CompareFormat::md, CompareFormat::csv}) {
    const std::string table = render_comparison({row}, format, true);
    EXPECT_EQ(table.find("\x1b[31m|"), std::string::npos) << table;  // the report's escape, not ours
    EXPECT_EQ(table.find("\xc2\x9b"), std::string::npos) << table;
    EXPECT_NE(table.find("evil\\x1B[31m"), std::string::npos) << table;
    EXPECT_NE(table.find("red\\x0Aline"), std::string::npos) << table;
  }
  EXPECT_NE(render_comparison({row}, CompareFormat::md, false).find("[31m\\|red"), std::string::npos);
}

}  // namespace
}  // namespace midiloop
