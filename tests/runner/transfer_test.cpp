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

namespace midiloop {
namespace {

SyxFile three_messages() {
  return prepare_syx("three.syx", {0xF0, 0x7D, 0x01, 0xF7, 0xF0, 0x7D, 0x02, 0x02, 0xF7, 0xF0, 0x7D, 0x03, 0xF7});
}

std::vector<uint8_t> bytes_of(std::span<const uint8_t> m) { return {m.begin(), m.end()}; }

TEST(MessagesFrom, StartsAtMessageNOfTheFile) {
  const SyxFile file = three_messages();
  const MessageList rest = messages_from(file.messages, 2, "three.syx");
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(bytes_of(rest[0]), (std::vector<uint8_t>{0xF0, 0x7D, 0x02, 0x02, 0xF7}));
  EXPECT_EQ(bytes_of(rest[1]), (std::vector<uint8_t>{0xF0, 0x7D, 0x03, 0xF7}));
  EXPECT_EQ(rest.bytes().size(), 9u);
  EXPECT_EQ(messages_from(file.messages, 1, "three.syx").bytes(), file.messages.bytes());
  EXPECT_EQ(messages_from(file.messages, 3, "three.syx").size(), 1u);
  try {
    messages_from(file.messages, 4, "three.syx");
    ADD_FAILURE() << "message 4 of 3 was taken";
  } catch (const TransferRefused& e) {
    EXPECT_STREQ(e.what(), "'three.syx' has 3 messages: it has no message 4 to start from");
  }
}

TEST(FilesToSend, KeepsTheOrderAndStartsWhereAsked) {
  std::vector<std::pair<std::string, SyxFile>> files;
  files.emplace_back("a.syx", three_messages());
  files.emplace_back("b.syx", three_messages());
  files.emplace_back("c.syx", three_messages());
  const auto all = files_to_send(files, {});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].path, "a.syx");
  EXPECT_EQ(all[2].path, "c.syx");
  EXPECT_EQ(all[2].number, 3u);
  EXPECT_EQ(all[1].messages.size(), 3u);

  const auto resumed = files_to_send(files, {2, 3});
  ASSERT_EQ(resumed.size(), 2u) << "a.syx is before the start";
  EXPECT_EQ(resumed[0].path, "b.syx");
  EXPECT_EQ(resumed[0].number, 2u);
  EXPECT_EQ(resumed[0].first_message, 3u);
  EXPECT_EQ(resumed[0].first_byte, 9u);
  EXPECT_EQ(resumed[0].file_messages, 3u);
  EXPECT_EQ(bytes_of(resumed[0].messages[0]), (std::vector<uint8_t>{0xF0, 0x7D, 0x03, 0xF7}));
  EXPECT_EQ(resumed[1].messages.size(), 3u) << "only the first file sent starts late";
  EXPECT_THROW(files_to_send(files, {4, 1}), TransferRefused);
  EXPECT_THROW(files_to_send(files, {1, 4}), TransferRefused);
}

TEST(ResumePoint, IsTheLastMessageAnyHandedByteBelongsTo) {
  std::vector<std::pair<std::string, SyxFile>> files;
  files.emplace_back("a.syx", three_messages());
  // The engine takes the file's bytes (and their starts) when it sends them: the starts are given.
  const FileToSend whole = files_to_send(files, {})[0];
  const std::vector<uint32_t> starts = whole.messages.starts();
  EXPECT_EQ(resume_point(whole, starts, 0).message, 1u);
  EXPECT_EQ(resume_point(whole, starts, 4).message, 1u) << "message 1 handed whole, not known to be out";
  EXPECT_EQ(resume_point(whole, starts, 5).message, 2u);
  EXPECT_EQ(resume_point(whole, starts, 13).message, 3u);
  files.emplace_back("b.syx", three_messages());
  const FileToSend late = files_to_send(files, {2, 2})[0];  // b.syx from message 2: 9 bytes
  const StartPoint p = resume_point(late, late.messages.starts(), 6);  // its second message sent, the file's third
  EXPECT_EQ(p.file, 2u);
  EXPECT_EQ(p.message, 3u);
}

TEST(ChoosePacing, APauseAfterEachMessageIsAddedToWhatTheReportAdvised) {
  PacingRequest request;
  request.report = cheap_fifo_report();
  request.message_gap_us = 200'000;
  const PacingChoice choice = choose_pacing(request);
  EXPECT_EQ(choice.pacing, (Pacing{96, 0, 200'000, 2906.25}));
  request.report.reset();
  request.rate_bps = 1000;
  EXPECT_EQ(choose_pacing(request).pacing, (Pacing{48, 0, 200'000, 1000}));
}

}  // namespace
}  // namespace midiloop
