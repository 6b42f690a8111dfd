// Choosing the pacing for a real file from what a report said: the report comes in as read, never as
// a path (the CLI reads the file the user named).
#include <gtest/gtest.h>

#include "tester/runner/transfer.hpp"

namespace midiloop {
namespace {

ReportFile cheap_fifo_report() {
  ReportFile r;
  r.path = "cheap.json";
  r.verdict = Verdict::pass_with_pacing;
  r.out_port = "emulated:cheap-fifo out";
  r.advised = Pacing{96, 0, 0, 2906.25};
  r.lossy = {Pacing{256, 0, 0, 3125}};
  return r;
}

std::string refusal(const PacingRequest& request) {
  try {
    choose_pacing(request);
  } catch (const TransferRefused& e) {
    return e.what();
  }
  return "";
}

TEST(PrepareSyx, SplitsAWellFormedFileAndRefusesAnyOther) {
  const SyxFile file = prepare_syx("two.syx", {0xF0, 0x7D, 0x01, 0xF7, 0xF0, 0x7D, 0x02, 0x03, 0xF7});
  ASSERT_EQ(file.messages.size(), 2u);
  const auto second = file.messages[1];
  EXPECT_EQ(std::vector<uint8_t>(second.begin(), second.end()), (std::vector<uint8_t>{0xF0, 0x7D, 0x02, 0x03, 0xF7}));
  EXPECT_EQ(file.bytes(), 9u);
  try {
    prepare_syx("stray.syx", {0xF0, 0x7D, 0x01, 0xF7, 0x42});
    ADD_FAILURE() << "a stray byte was accepted";
  } catch (const TransferRefused& e) {
    EXPECT_NE(std::string(e.what()).find("'stray.syx' is not a well-formed .syx file"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("at byte 4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(1 problem; "), std::string::npos) << e.what();
  }
}

TEST(ChoosePacing, TakesTheReportsAdviceAndSaysWhere) {
  PacingRequest request;
  request.report = cheap_fifo_report();
  const PacingChoice choice = choose_pacing(request);
  EXPECT_EQ(choice.pacing, (Pacing{96, 0, 0, 2906.25}));
  EXPECT_EQ(choice.source, "report cheap.json (PASS_WITH_PACING)");
  EXPECT_TRUE(choice.warnings.empty());
  request.report->verdict = Verdict::pass;
  request.report->lossy.clear();
  EXPECT_EQ(choose_pacing(request).pacing, Pacing{});
  EXPECT_EQ(choose_pacing(request).source, "report cheap.json (PASS: safe at full speed)");
}

TEST(ChoosePacing, RefusesWhatTheReportSawLosingDataUnlessForced) {
  PacingRequest request;
  request.report = cheap_fifo_report();
  request.rate_bps = 3125;
  request.chunk_bytes = 256;
  EXPECT_EQ(refusal(request), "the report saw 256-byte chunks at 3125 B/s lose data, and 256-byte chunks at 3125 B/s "
                              "is no gentler; choose a slower --rate, or --force");
  request.force = true;
  const PacingChoice forced = choose_pacing(request);
  ASSERT_EQ(forced.warnings.size(), 1u);
  EXPECT_NE(forced.warnings[0].find("(--force)"), std::string::npos);
}

TEST(ChoosePacing, AFailReportProvesNothingAndAnotherPortIsAWarning) {
  PacingRequest request;
  request.report = cheap_fifo_report();
  request.report->verdict = Verdict::fail;
  EXPECT_NE(refusal(request).find("report cheap.json says FAIL"), std::string::npos);
  request.report = cheap_fifo_report();
  request.port = "UM-ONE";
  const PacingChoice choice = choose_pacing(request);
  ASSERT_EQ(choice.warnings.size(), 1u);
  EXPECT_NE(choice.warnings[0].find("was made on port 'emulated:cheap-fifo out', not 'UM-ONE'"), std::string::npos);
}

TEST(ChoosePacing, ExplicitSettingsNeedARate) {
  PacingRequest request;
  EXPECT_NE(refusal(request).find("say how fast to send"), std::string::npos);
  request.chunk_bytes = 48;
  EXPECT_EQ(refusal(request), "--chunk-bytes goes with --rate");
  request.rate_bps = 2000;
  EXPECT_EQ(choose_pacing(request).pacing, (Pacing{48, 0, 0, 2000}));
}

}  // namespace
}  // namespace midiloop
