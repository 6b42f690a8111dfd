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

}  // namespace
}  // namespace midiloop
