// Reading a report file the user named: the one reader compare, report, rehearse and send use.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "reports/report_file.hpp"
#include "reports/report_json.hpp"
#include "tests/support/system_reasons.hpp"

namespace midiloop {
namespace {

class ReportFileTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "report-file-" + std::to_string(::getpid()) + "-" + name;
    std::ofstream(path) << text;
    written_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& path : written_) std::filesystem::remove(path);
  }
  // The message read_report_file throws for `text`, or "" when it reads it.
  std::string refusal(const std::string& text) {
    try {
      read_report_file(write("bad.json", text));
    } catch (const ReportFileError& e) {
      return e.what();
    }
    return "";
  }
  std::vector<std::string> written_;
};

TEST_F(ReportFileTest, ReadsWhatSendAndRehearseNeed) {
  Report r;
  r.verdict = Verdict::pass_with_pacing;
  r.link.out = "UM-ONE";
  r.conditions = {"MIDI clock stopped"};
  r.advice = Advice{};
  r.advice->pacing = Pacing{96, 0, 0, 2906.25};
  r.pacing_search = {PacingTrial{}, PacingTrial{}};
  r.pacing_search[0].pacing = Pacing{256, 0, 0, 3125};
  r.pacing_search[0].lossless = false;
  r.pacing_search[1].pacing = Pacing{96, 0, 0, 2906.25};
  r.pacing_search[1].lossless = true;
  const std::string path = write("good.json", "");
  write_report_atomically(r, path);
  const ReportFile file = read_report_file(path);
  EXPECT_EQ(file.path, path);
  EXPECT_EQ(file.verdict, Verdict::pass_with_pacing);
  EXPECT_EQ(file.out_port, "UM-ONE");
  EXPECT_EQ(file.conditions, r.conditions);
  EXPECT_EQ(file.advised, r.advice->pacing);
  EXPECT_EQ(file.lossy, std::vector<Pacing>{r.pacing_search[0].pacing});
  EXPECT_EQ(file.json["verdict"], "PASS_WITH_PACING");
}

TEST_F(ReportFileTest, EveryProblemIsNamedWithTheFile) {
  EXPECT_NE(refusal("{\"schema_version\": 1, \"verd").find("bad.json' is not JSON (or is truncated)"), std::string::npos);
  EXPECT_NE(refusal("[1, 2, 3]").find("bad.json': no schema_version: not a midiloop report"), std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 99, \"verdict\": \"PASS\"}")
                .find("bad.json': schema version 99; this midiloop reads versions 1 to 2 (the report is from a newer"),
            std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 0}").find("schema version 0; this midiloop reads versions 1 to 2"),
            std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2}").find("bad.json': verdict is missing or not a word"), std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": \"MAYBE\"}").find("verdict 'MAYBE' is not one midiloop gives"), std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": 3}").find("bad.json': "), std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": \"PASS\", \"conditions\": [3]}")
                .find("a condition is not a string"),
            std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": \"PASS\", \"advice\": {\"pacing\": {\"chunk_bytes\": 3}}}")
                .find("bad.json': advice.pacing.chunk_gap_us is missing"),
            std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": \"FAIL\", \"pacing_search\": [{\"lossless\": false}]}")
                .find("pacing_search[0].pacing is missing"),
            std::string::npos);
  // Pacings are checked as the quantities they are, named by their field.
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": \"PASS_WITH_PACING\", \"advice\": {\"pacing\": "
                    "{\"chunk_bytes\": 48, \"chunk_gap_us\": 0, \"message_gap_us\": 0, \"rate_bps\": -1}}}")
                .find("advice.pacing.rate_bps: '-1' is out of range"),
            std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": \"PASS\", \"wire_speed\": null}").find("wire_speed is not a number"),
            std::string::npos);
  EXPECT_NE(refusal("{\"schema_version\": 2, \"verdict\": \"PASS\", \"tests\": 5}").find("tests is not a list"),
            std::string::npos);
  EXPECT_EQ(refusal("{\"schema_version\": 1, \"verdict\": \"PASS\", \"tests\": []}"), "") << "a thin report reads";
  try {
    read_report_file("/nonexistent/r.json");
    ADD_FAILURE() << "a missing file was read";
  } catch (const ReportFileError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("cannot read the report '/nonexistent/r.json': ", 0), 0u) << what;
    EXPECT_TRUE(testing::says_path_is_missing(what)) << what;
  }
}

}  // namespace
}  // namespace midiloop
