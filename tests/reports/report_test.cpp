#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/report_file.hpp"
#include "reports/report_json.hpp"
#include "reports/summary.hpp"
#include "tester/advisor/advisor.hpp"
#include "tests/support/system_reasons.hpp"

namespace midiloop {
namespace {

TestResult passing(const std::string& id, Shape shape = Shape::single) {
  TestResult t;
  t.id = id;
  t.shape = shape;
  t.bytes_sent = t.bytes_received = 100;
  t.pass = true;
  return t;
}

// The verdict the tests alone give: no throughput curve, no pacing search.
Verdict decide_verdict(const std::vector<TestResult>& tests, bool interrupted, std::size_t tests_planned) {
  VerdictEvidence evidence{.tests = tests, .tests_planned = tests_planned};
  if (interrupted) evidence.stopped = StopReason::interrupted;
  return decide_verdict(evidence).verdict;
}

TEST(Advisor, VerdictPrecedence) {
  auto probe = passing("probe", Shape::probe);
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
  r.tests = {passing("probe", Shape::probe)};
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

TEST(Report, WrittenAtomicallyWithTheRequiredFields) {
  Report r;
  r.tool_version = "9.9";
  r.link.kind = "emulated";
  r.link.api = "virtual";
  r.link.out = "o";
  r.link.in = "i";
  r.link.model = "good:fifo=64";
  r.verdict = Verdict::fail;
  auto t = passing("full/256");
  t.first_error_offset = 5;
  r.tests.push_back(t);
  const std::string path = ::testing::TempDir() + "report-test-" + std::to_string(::getpid()) + ".json";
  write_report_atomically(r, path);
  nlohmann::json j;
  {
    // Closed before the file is removed: Windows will not remove an open file.
    std::ifstream in(path);
    j = nlohmann::json::parse(in);
  }
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
    EXPECT_TRUE(testing::says_path_is_missing(what)) << what;
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
  EXPECT_EQ(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
}

// Each note of the latency line whole, the longest (the wire floor) included: it was once cut at
// 63 characters by a fixed buffer.
TEST(Summary, LatencyLineKeepsEveryNoteWhole) {
  LatencyProfile l;
  l.probes_sent = 10;
  l.probes_returned = 10;
  l.host_delay_ms = 5.33;
  l.below_wire_floor = 3;
  l.wire_floor_ms = 0.96;
  const auto line = summarize_latency(l);
  EXPECT_NE(line.find(", the host's 5.33 ms taken off"), std::string::npos) << line;
  EXPECT_NE(line.find(" [3 back sooner than a DIN wire allows (0.96 ms): not an interface's latency]"), std::string::npos)
      << line;
}

}  // namespace
}  // namespace midiloop

// Realtime inside SysEx: a test that failed only where its clock bytes were makes the verdict
// conditional, never FAIL; the condition is in the report, its text and its summary.
namespace midiloop {
namespace {

TestResult ended_at_clock() {
  auto t = passing("realtime-in-sysex/256", Shape::realtime_in_sysex);
  t.messages = 4;
  t.pass = false;
  t.errors.dropped = 972;
  t.errors.messages_missing = 4;
  t.realtime.sent = t.realtime.received = t.realtime.moved = 32;
  t.realtime.sysex_ended = 4;
  return t;
}

TEST(Conditions, SysexBrokenOnlyWhereClockWasIsAConditionNotAFailure) {
  const auto probe = passing("probe", Shape::probe);
  const auto ok = passing("full/16");
  auto bad = passing("full/256");
  bad.pass = false;
  bad.errors.dropped = 3;
  EXPECT_TRUE(failed_only_at_realtime(ended_at_clock()));
  EXPECT_EQ(decide_verdict({probe, ok, ended_at_clock()}, false, 3), Verdict::pass);
  EXPECT_EQ(decide_verdict({probe, bad, ended_at_clock()}, false, 3), Verdict::fail);  // damage of its own
  // Clock lost or moved, SysEx intact: the test passed, and nothing is conditional.
  auto stripped = passing("realtime-in-sysex/256", Shape::realtime_in_sysex);
  stripped.realtime.sent = stripped.realtime.lost = 32;
  EXPECT_FALSE(failed_only_at_realtime(stripped));

  Report r;
  r.tests = {probe, ok, ended_at_clock()};
  r.verdict = Verdict::pass;
  EXPECT_EQ(verdict_conditions(r), std::vector<std::string>{kClockStoppedCondition});
  const auto text = explain_verdict(r, 3);
  EXPECT_NE(text.find(std::string("only with ") + kClockStoppedCondition), std::string::npos) << text;
  EXPECT_NE(text.find("'realtime-in-sysex/256'"), std::string::npos) << text;
  EXPECT_NE(text.find("(4 of 4 messages)"), std::string::npos) << text;
  // Its bytes do not count among those that came back intact.
  EXPECT_NE(text.find("the 2 tests without clock inside their SysEx (200 bytes"), std::string::npos) << text;
  // With settings too: the condition comes on top of them, and the clock test is not among the
  // tests the pacing cured.
  r.tests.push_back(passing("full/4096"));
  r.tests.back().pass = false;
  r.tests.back().errors.dropped = 3000;
  r.verdict = Verdict::pass_with_pacing;
  r.advice = make_advice({96, 0, 0, 2906}, 1.0);
  EXPECT_EQ(verdict_conditions(r), std::vector<std::string>{kClockStoppedCondition});
  const auto paced = explain_verdict(r, 4);
  EXPECT_NE(paced.find("loses data at full speed (1 of 4 tests)"), std::string::npos) << paced;
  EXPECT_NE(paced.find(std::string("Even with these settings it is safe only with ") + kClockStoppedCondition), std::string::npos) << paced;
  r.verdict = Verdict::fail;
  EXPECT_TRUE(verdict_conditions(r).empty());

  Report unconditional;
  unconditional.tests = {probe, ok, stripped};
  unconditional.verdict = Verdict::pass;
  EXPECT_TRUE(verdict_conditions(unconditional).empty());
  const auto plain = explain_verdict(unconditional, 3);
  EXPECT_NE(plain.find("Every SysEx byte of all 3 tests"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("only with"), std::string::npos) << plain;
}

TEST(Conditions, TheChecksAloneCanMakeAVerdictConditional) {
  Report r;
  r.tests = {passing("probe", Shape::probe), passing("full/16")};
  r.verdict = Verdict::pass;
  ComplianceResult c;
  c.id = "realtime/in-sysex";
  c.deviation = "realtime-ends-sysex";
  r.compliance.push_back(c);
  EXPECT_EQ(verdict_conditions(r), std::vector<std::string>{kClockStoppedCondition});
  EXPECT_NE(explain_verdict(r, 2).find("'realtime/in-sysex' saw realtime bytes inside a SysEx end it"),
            std::string::npos);
  r.compliance.back().deviation = "strips-realtime-in-sysex";  // the SysEx arrives: no condition
  EXPECT_TRUE(verdict_conditions(r).empty());
}

TEST(Conditions, RoundTripThroughJsonAndTheSummary) {
  Report r;
  r.verdict = Verdict::pass;
  r.tests = {ended_at_clock()};
  r.conditions = {kClockStoppedCondition};
  r.verdict_text = "Safe.";
  const std::string path = ::testing::TempDir() + "conditions-test-" + std::to_string(::getpid()) + ".json";
  write_report_atomically(r, path);
  const auto j = read_report_file(path).json;
  ASSERT_TRUE(j["conditions"].is_array());
  EXPECT_EQ(j["conditions"].get<std::vector<std::string>>(), r.conditions);
  EXPECT_EQ(j["tests"][0]["realtime"]["sysex_ended"], 4);
  EXPECT_EQ(j["tests"][0]["realtime"]["moved"], 32);
  EXPECT_EQ(read_report_file(path).conditions, r.conditions);
  // A report from before conditions existed reads as having none.
  auto old = j;
  old.erase("conditions");
  std::ofstream(path) << old.dump();
  EXPECT_TRUE(read_report_file(path).conditions.empty());
  std::filesystem::remove(path);
  // Only tests that sent or got realtime bytes carry the realtime object.
  Report plain;
  plain.tests = {passing("full/16")};
  EXPECT_FALSE(report_to_json(plain)["tests"][0].contains("realtime"));
  EXPECT_TRUE(report_to_json(plain)["conditions"].empty());

  std::ostringstream summary;
  write_verdict(summary, r);
  EXPECT_NE(summary.str().find("Only with: MIDI clock"), std::string::npos) << summary.str();
  const auto line = summarize_test(ended_at_clock());
  EXPECT_NE(line.find("realtime: 32 moved [SysEx broken only where clock was: 4 ended]"), std::string::npos) << line;
}

}  // namespace
}  // namespace midiloop

// The report's closed sets are types in the model and names in the JSON, the names unchanged; a
// name read back that the set does not hold is refused, naming the field.
namespace midiloop {
namespace {

template <typename E, std::size_t N>
void expect_names_read_back(const E (&all)[N], std::string_view (*name)(E)) {
  for (E member : all) {
    EXPECT_EQ(from_report_name<E>(name(member)), member) << name(member);
    EXPECT_EQ(read_report_name<E>(nlohmann::json(name(member)), "field"), member) << name(member);
  }
  EXPECT_FALSE(from_report_name<E>("blob"));
  EXPECT_FALSE(from_report_name<E>(""));
}

TEST(Names, EveryMemberReadsBackFromItsName) {
  expect_names_read_back(kAllStopReasons, stop_reason_name);
  expect_names_read_back(kAllBackPressures, back_pressure_name);
  expect_names_read_back(kAllTrialPhases, trial_phase_name);
  expect_names_read_back(kAllEffects, effect_name);
  expect_names_read_back(kAllShapes, shape_name);
  expect_names_read_back(kAllPayloads, payload_name);
  expect_names_read_back(kAllMessageGroups, message_group_name);
  expect_names_read_back(kAllTimestampSources, timestamp_source_name);
}

TEST(Names, TheJsonKeepsTheNamesOfTheSchema) {
  Report r;
  r.stopped = StopReason::loop_lost;
  r.throughput = ThroughputCurve{};
  r.throughput->back_pressure = BackPressure::holds_back;
  PacingTrial repeat;
  repeat.phase = TrialPhase::repeat;
  r.pacing_search = {PacingTrial{}, repeat};
  ComplianceResult passed, deviates;
  deviates.effect = Effect::transfers;
  deviates.group = MessageGroup::system_common;
  r.compliance = {passed, deviates};
  r.tests = {passing("realtime-in-sysex/256", Shape::realtime_in_sysex)};
  r.tests[0].payload = Payload::walking_bit;
  r.link.timestamps = TimestampSource::virtual_clock;
  const auto j = report_to_json(r);
  EXPECT_EQ(j["tests"][0]["shape"], "realtime-in-sysex");
  EXPECT_EQ(j["tests"][0]["payload"], "walking-bit");
  EXPECT_EQ(j["compliance"][0]["group"], "channel-voice");
  EXPECT_EQ(j["compliance"][1]["group"], "system-common");
  EXPECT_EQ(j["link"]["timestamps"], "virtual");
  EXPECT_EQ(j["stopped"], "loop_lost");
  EXPECT_EQ(j["throughput"]["back_pressure"], "holds-back");
  EXPECT_EQ(j["pacing_search"][0]["phase"], "search");
  EXPECT_EQ(j["pacing_search"][1]["phase"], "repeat");
  EXPECT_EQ(j["compliance"][0]["effect"], nullptr);
  EXPECT_EQ(j["compliance"][1]["effect"], "transfers");
  r.stopped.reset();
  r.link.timestamps.reset();
  EXPECT_EQ(report_to_json(r)["stopped"], nullptr);
  EXPECT_EQ(report_to_json(r)["link"]["timestamps"], "");
}

TEST(Names, AnUnknownNameIsRefusedNamingTheField) {
  try {
    read_report_name<TrialPhase>(nlohmann::json("blob"), "pacing_search[2].phase");
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("pacing_search[2].phase"), std::string::npos) << what;
    EXPECT_NE(what.find("\"blob\""), std::string::npos) << what;
    EXPECT_NE(what.find("(search, confirm, repeat)"), std::string::npos) << what;
  }
  EXPECT_THROW(read_report_name<StopReason>(nlohmann::json(nullptr), "stopped"), std::runtime_error);
  EXPECT_THROW(read_report_name<Effect>(nlohmann::json(3), "compliance[0].effect"), std::runtime_error);
}

}  // namespace
}  // namespace midiloop

// The pacing search, one line per trial as it runs.
namespace midiloop {
namespace {

TEST(Summary, OneLinePerPacingTrial) {
  PacingTrial t;
  t.phase = TrialPhase::confirm;
  t.pacing = {96, 0, 0, 2906.25};
  t.lossless = true;
  EXPECT_EQ(summarize_trial(t, 3125), "ok    pacing confirm 96 B chunks, 2906 B/s (93 % of wire)");
  t.phase = TrialPhase::search;
  t.pacing = {192, 0, 0, 781.25};
  t.lossless = false;
  t.bytes_lost = 126;
  EXPECT_EQ(summarize_trial(t, 3125), "LOSS  pacing search  192 B chunks, 781 B/s (25 % of wire), 126 B lost");
  EXPECT_EQ(summarize_trial(t, 6250), "LOSS  pacing search  192 B chunks, 781 B/s (12 % of wire), 126 B lost");
  t.bytes_lost = 0;
  t.host_trouble = true;
  t.phase = TrialPhase::repeat;
  EXPECT_EQ(summarize_trial(t, 3125),
            "--    pacing repeat  192 B chunks, 781 B/s (25 % of wire) [not counted: the host disturbed it on both "
            "tries]");
  t.host_trouble = false;
  t.interrupted = true;
  EXPECT_NE(summarize_trial(t, 3125).find("[interrupted]"), std::string::npos);
}

}  // namespace
}  // namespace midiloop
