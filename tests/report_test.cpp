#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "reports/report_json.hpp"
#include "reports/summary.hpp"
#include "tester/advisor.hpp"

namespace midiloop {
namespace {

TestResult passing(const std::string& id, const std::string& shape = "single") {
  TestResult t;
  t.id = id;
  t.shape = shape;
  t.bytes_sent = t.bytes_received = 100;
  t.pass = true;
  return t;
}

TEST(Advisor, VerdictPrecedence) {
  auto probe = passing("probe", "probe");
  auto ok = passing("full/16");
  auto bad = passing("full/256");
  bad.pass = false;
  bad.errors.dropped = 3;
  auto fast = passing("full/1024");
  fast.faster_than_wire = true;
  auto silent_probe = probe;
  silent_probe.bytes_received = 0;
  silent_probe.pass = false;

  EXPECT_EQ(decide_verdict({probe, ok}, false, 2), Verdict::pass);
  EXPECT_EQ(decide_verdict({probe, ok, bad}, false, 3), Verdict::fail);
  EXPECT_EQ(decide_verdict({probe, bad, fast}, false, 3), Verdict::not_din);  // a software loop says nothing
  EXPECT_EQ(decide_verdict({silent_probe}, false, 5), Verdict::no_loop);
  EXPECT_EQ(decide_verdict({probe, ok}, true, 5), Verdict::incomplete);
  EXPECT_EQ(decide_verdict({probe, ok}, false, 5), Verdict::incomplete);  // not every test ran
}

TEST(Advisor, ExplanationsSayWhatToDo) {
  Report r;
  r.tests = {passing("probe", "probe")};
  r.tests[0].bytes_received = 0;
  r.verdict = Verdict::no_loop;
  EXPECT_NE(explain_verdict(r, 5).find("DIN OUT"), std::string::npos);
  r.verdict = Verdict::fail;
  r.tests.push_back(passing("full/256"));
  r.tests.back().pass = false;
  r.tests.back().errors.dropped = 127;
  r.tests.back().first_error_offset = 129;
  const auto fail = explain_verdict(r, 2);
  EXPECT_NE(fail.find("127 bytes dropped"), std::string::npos) << fail;
  EXPECT_NE(fail.find("'full/256' at byte 129"), std::string::npos) << fail;
}

TEST(Report, ExitCodesFollowTheDesign) {
  EXPECT_EQ(exit_code_for(Verdict::pass, false), 0);
  EXPECT_EQ(exit_code_for(Verdict::pass_with_pacing, false), 0);
  EXPECT_EQ(exit_code_for(Verdict::pass_with_pacing, true), 1);
  EXPECT_EQ(exit_code_for(Verdict::fail, false), 1);
  EXPECT_EQ(exit_code_for(Verdict::no_loop, false), 3);
  EXPECT_EQ(exit_code_for(Verdict::not_din, false), 3);
  EXPECT_EQ(exit_code_for(Verdict::incomplete, false), 130);
  Report lost;
  lost.verdict = Verdict::incomplete;
  lost.stopped = "loop_lost";
  EXPECT_EQ(exit_code_for(lost, false), 4);
}

TEST(Report, WrittenAtomicallyWithTheRequiredFields) {
  Report r;
  r.tool_version = "9.9";
  r.link = {"emulated", "virtual", "o", "i", "good:fifo=64"};
  r.verdict = Verdict::fail;
  auto t = passing("full/256");
  t.first_error_offset = 5;
  r.tests.push_back(t);
  const std::string path = ::testing::TempDir() + "report-test-" + std::to_string(::getpid()) + ".json";
  write_report_atomically(r, path);
  std::ifstream in(path);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["schema_version"], kSchemaVersion);
  EXPECT_TRUE(j["compliance"].is_array());
  EXPECT_EQ(j["latency"], nullptr);
  EXPECT_EQ(j["tool"]["version"], "9.9");
  EXPECT_EQ(j["verdict"], "FAIL");
  EXPECT_EQ(j["link"]["model"], "good:fifo=64");
  EXPECT_EQ(j["tests"][0]["first_error_offset"], 5);
  EXPECT_EQ(j["stopped"], nullptr);
  // Nothing left behind but the report itself.
  for (const auto& entry : std::filesystem::directory_iterator(::testing::TempDir())) {
    EXPECT_EQ(entry.path().string().find(path + ".tmp"), std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST(Report, UnwritablePathNamesThePathAndTheReason) {
  Report r;
  try {
    write_report_atomically(r, "/nonexistent-dir/report.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/nonexistent-dir/report.json"), std::string::npos);
    EXPECT_NE(what.find("No such file or directory"), std::string::npos) << what;
  }
}

TEST(Summary, OneLinePerTestWithTheErrors) {
  auto t = passing("full/256");
  t.message_bytes = 256;
  t.messages = 1;
  t.pass = false;
  t.errors.dropped = 127;
  t.errors.messages_truncated = 1;
  t.first_error_offset = 129;
  const auto line = summarize_test(t);
  EXPECT_EQ(line.rfind("FAIL", 0), 0u);
  EXPECT_NE(line.find("127 dropped"), std::string::npos) << line;
  EXPECT_NE(line.find("first at byte 129"), std::string::npos) << line;
  EXPECT_EQ(describe_pacing({64, 25'600, 0}), "64 B chunks, 25.6 ms apart");
  EXPECT_EQ(describe_pacing({}), "full speed");
  EXPECT_EQ(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
}

}  // namespace
}  // namespace midiloop
