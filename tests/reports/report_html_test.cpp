// The HTML report: escaped, self-contained, every chart there, and robust to old, partial and odd
// reports. Rendered by a real browser in browser_test.cpp.
#include "reports/report_html.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "reports/report_json.hpp"

namespace midiloop {
namespace {

using nlohmann::json;

const std::string kHostile = "<script>alert('x')</script> & \"quoted\"";

// A schema 1 report as report_to_json writes it: two passes, one failure with a hex dump, a search.
json v1_report() {
  Report r;
  r.label = kHostile;
  r.host_os = "Linux 6.1";
  r.started_at = "2024-01-01T00:00:00Z";
  r.link.kind = "emulated";
  r.link.api = "virtual";
  r.link.out = "cheap out";
  r.link.in = "cheap in";
  r.link.model = "cheap-fifo:fifo=128,speed=1";
  r.suite = "quick";
  r.verdict = Verdict::pass_with_pacing;
  r.verdict_text = "Safe with settings. " + kHostile;
  TestResult probe;
  probe.id = "probe";
  probe.shape = Shape::probe;
  probe.message_bytes = 16;
  probe.messages = 5;
  probe.bytes_sent = probe.bytes_received = 80;
  probe.latency = LatencyStats{5, 5, 1.0, 1.5, 2.0, 2.0};
  probe.pass = true;
  TestResult small = probe;
  small.id = "full/16";
  small.shape = Shape::single;
  small.latency.reset();
  small.achieved.offered_bps = 3300;
  small.throughput_bps = 3100;
  TestResult failed = small;
  failed.id = "full/256";
  failed.message_bytes = 256;
  failed.bytes_sent = 257;
  failed.bytes_received = 130;
  failed.errors.dropped = 127;
  failed.first_error_offset = 129;
  failed.first_error_sent_hex = "2A 55 [2A] 55 2A";
  failed.first_error_received_hex = "2A 55 [F7]";
  failed.pass = false;
  TestResult paced = failed;
  paced.id = "paced/256";
  paced.pacing = {64, 25600, 0, 0};
  paced.errors = {};
  paced.first_error_offset.reset();
  paced.pass = true;
  r.tests = {probe, small, failed, paced};
  r.pacing_search = {{TrialPhase::search, {128, 0, 0, 3125}, false, 10, false},
                     {TrialPhase::confirm, {96, 0, 0, 2906}, true, 0, false}};
  Advice advice;
  advice.pacing = {96, 0, 0, 2906.25};
  advice.tools = {96, 34, 96, 2906, 3, 96};
  advice.os_minutes_advised = 9.3;
  advice.os_minutes_full_speed = 8.7;
  r.advice = advice;
  json j = report_to_json(r);
  j["schema_version"] = 1;
  for (const char* key : {"compliance", "latency", "throughput"}) j.erase(key);
  return j;
}

json v2_report() {
  json j = v1_report();
  j["schema_version"] = 2;
  j["compliance"] = json::array({{{"id", "sysex/back-to-back"},
                                  {"group", "sysex"},
                                  {"expectation", "ten arrive as ten"},
                                  {"pass", true},
                                  {"interrupted", false},
                                  {"deviation", nullptr},
                                  {"effect", nullptr},
                                  {"consequence", nullptr},
                                  {"sent_hex", "F0 7D F7"},
                                  {"received_hex", "F0 7D F7"}},
                                 {{"id", "realtime/in-sysex"},
                                  {"group", "realtime"},
                                  {"expectation", "clock passes through"},
                                  {"pass", false},
                                  {"interrupted", false},
                                  {"deviation", "strips-realtime-in-sysex"},
                                  {"effect", "playing"},
                                  {"consequence", "clock sent during a SysEx never arrives"},
                                  {"sent_hex", "F0 F8 F7"},
                                  {"received_hex", "F0 F7"}}});
  j["latency"] = {{"message", "note-on (3 bytes)"},
                  {"probes_sent", 200},
                  {"probes_returned", 200},
                  {"min_ms", 0.6},
                  {"median_ms", 1.1},
                  {"mean_ms", 1.1},
                  {"p99_ms", 1.6},
                  {"max_ms", 1.7},
                  {"jitter_ms", 0.3},
                  {"histogram", {{"bin_ms", 0.1}, {"counts", {0, 0, 0, 0, 0, 0, 10, 90, 100}}}},
                  {"threshold_ms", 6},
                  {"over_threshold", false},
                  {"interrupted", false}};
  json steps = json::array();
  for (double share : {0.5, 1.0, 1.5}) {
    steps.push_back({{"requested_share", share},
                     {"requested_bps", 3125 * share},
                     {"offered_bps", 3125 * share},
                     {"delivered_bps", std::min(3125 * share, 3100.0)},
                     {"bytes_sent", 1000},
                     {"bytes_received", 1000},
                     {"bytes_lost", share > 1 ? 40 : 0},
                     {"faster_than_wire", false},
                     {"interrupted", false}});
  }
  j["throughput"] = {{"steps", steps}, {"drain_bps", 3100}, {"back_pressure", "drops"}};
  return j;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Whether `word` stands alone (not inside a longer word) anywhere, ignoring case: "nan", "inf".
bool has_word(const std::string& text, const std::string& word) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const bool before = at > 0 && std::isalpha(static_cast<unsigned char>(lower[at - 1]));
    const bool after =
        at + word.size() < lower.size() && std::isalpha(static_cast<unsigned char>(lower[at + word.size()]));
    if (!before && !after) return true;
  }
  return false;
}

bool valid_utf8(const std::string& text) {
  for (std::size_t k = 0; k < text.size();) {
    const auto c = static_cast<unsigned char>(text[k]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || k + n > text.size()) return false;
    for (std::size_t m = 1; m < n; ++m) {
      if ((static_cast<unsigned char>(text[k + m]) & 0xC0) != 0x80) return false;
    }
    k += n;
  }
  return true;
}

void expect_self_contained(const std::string& html) {
  EXPECT_TRUE(valid_utf8(html));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""), std::string::npos);
  for (const char* load : {"http://", "https://", "<script", "src=", "href=", "url(", "@import"}) {
    EXPECT_EQ(html.find(load), std::string::npos) << load;
  }
  EXPECT_FALSE(has_word(html, "nan"));
  EXPECT_FALSE(has_word(html, "inf"));
  EXPECT_FALSE(has_word(html, "-nan"));
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
}

TEST(ReportHtml, EscapesEveryStringFromTheReport) {
  json report = v2_report();
  report["tests"][1]["id"] = kHostile;
  report["link"]["out"] = kHostile;
  report["compliance"][1]["consequence"] = kHostile;
  const std::string html = report_html(report);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("alert('x')"), std::string::npos);
  const std::string escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;";
  EXPECT_GE(count(html, escaped), 6u) << "title, heading, label, verdict text, port, test id, consequence";
  expect_self_contained(html);
}

TEST(ReportHtml, VerdictAndAdviceComeFirst) {
  const std::string html = report_html(v2_report());
  const auto badge = html.find("<span class=\"badge v-pacing\">PASS_WITH_PACING</span>");
  ASSERT_NE(badge, std::string::npos);
  EXPECT_LT(badge, html.find("<svg"));
  for (const char* words :
       {"output buffer 96 bytes, 34 ms between buffers", "buffer 96 bytes, speed 2906 B/s", "-i 3",
        "9.3 minutes with these settings, 8.7 at full speed", "Linux 6.1", "2024-01-01T00:00:00Z"}) {
    EXPECT_NE(html.find(words), std::string::npos) << words;
  }
}

TEST(ReportHtml, SchemaTwoHasEveryChart) {
  const std::string html = report_html(v2_report());
  for (const char* chart :
       {"aria-label=\"Pass/fail by message size and pacing\"",
        "aria-label=\"Pacing search trials by chunk size and rate\"", "aria-label=\"Delivered against offered rate\"",
        "aria-label=\"Round-trip latency histogram\""}) {
    EXPECT_EQ(count(html, chart), 1u) << chart;
  }
  EXPECT_NE(html.find("64 B chunks, 80 % rate"), std::string::npos) << "the paced row of the map";
  EXPECT_NE(html.find("class=\"wire\""), std::string::npos);
  EXPECT_NE(html.find("class=\"diagonal\""), std::string::npos);
  EXPECT_EQ(count(html, "<circle"), 3u) << "one point per throughput step";
  EXPECT_NE(html.find("class=\"threshold\""), std::string::npos);
  EXPECT_EQ(count(html, "class=\"bar\""), 3u) << "one bar per non-empty bin";
  EXPECT_NE(html.find("offered to the interface (B/s)"), std::string::npos);
  EXPECT_NE(html.find("round trip (milliseconds)"), std::string::npos);
  // The deviation first, its consequence in words; the pass after it.
  const auto deviation = html.find("strips-realtime-in-sysex");
  ASSERT_NE(deviation, std::string::npos);
  EXPECT_LT(deviation, html.find("sysex/back-to-back"));
  EXPECT_NE(html.find("affects live playing and sync: clock sent during a SysEx never arrives"), std::string::npos);
  EXPECT_NE(html.find("1 of 2 checks deviate"), std::string::npos);
  expect_self_contained(html);
}

TEST(ReportHtml, TestsInTheSameCellShareIt) {
  json report = v2_report();
  for (int k = 0; k < 3; ++k) report["tests"].push_back(report["tests"][1]);  // four tests of 16 B at full speed
  const std::string html = report_html(report);
  EXPECT_EQ(count(html, "width=\"11.0\" height=\"26.0\" class=\"pass\""), 4u) << "a quarter each";
  EXPECT_GE(count(html, "text-anchor=\"middle\" class=\"mark\">\u2713</text>"), 4u) << "narrow: the mark alone";
  expect_self_contained(html);
}

TEST(ReportHtml, FailedTestShowsItsFirstErrorAsAlignedHex) {
  json report = v2_report();
  report["tests"][2]["first_error_hex"] = {{"sent", "01 02 03 [04] 05"}, {"received", "03 [09] 05"}};
  const std::string html = report_html(report);
  const auto pre = html.find("<pre class=\"hex\">");
  ASSERT_NE(pre, std::string::npos);
  EXPECT_EQ(count(html, "<pre class=\"hex\">"), 1u) << "only the failed test has a dump";
  EXPECT_NE(html.find("First error at byte 129"), std::string::npos);
  std::string dump = html.substr(pre + 17, html.find("</pre>", pre) - pre - 17);
  // Without the highlighting, the two rows line up column for column.
  std::string plain;
  for (std::size_t k = 0; k < dump.size(); ++k) {
    if (dump[k] == '<') {
      k = dump.find('>', k);
    } else {
      plain += dump[k];
    }
  }
  const auto newline = plain.find('\n');
  ASSERT_NE(newline, std::string::npos) << plain;
  const std::string sent = plain.substr(0, newline), received = plain.substr(newline + 1);
  EXPECT_EQ(sent.find("04"), received.find("09")) << plain;
  EXPECT_EQ(sent.find("03"), received.find("03")) << plain;
  EXPECT_EQ(sent.find("05"), received.find("05")) << plain;
  EXPECT_NE(dump.find("<span class=\"diff at\">04</span>"), std::string::npos) << dump;
  EXPECT_NE(dump.find("<span class=\"diff at\">09</span>"), std::string::npos) << dump;
  EXPECT_EQ(count(dump, "diff"), 2u) << "only the differing column, not bytes with nothing to compare: " << dump;
}

TEST(ReportHtml, SchemaOneRendersWithFallbacks) {
  const std::string html = report_html(v1_report());
  EXPECT_NE(html.find("This report has no throughput curve"), std::string::npos);
  EXPECT_EQ(count(html, "<circle"), 3u) << "the non-probe tests as points";
  EXPECT_NE(html.find("the connectivity probe's 5 of 5 round trips: min 1.00 ms, median 1.50 ms"), std::string::npos);
  EXPECT_NE(html.find("Not in this report"), std::string::npos) << "no compliance in schema 1";
  EXPECT_EQ(html.find("aria-label=\"Round-trip latency histogram\""), std::string::npos);
  expect_self_contained(html);
}

TEST(ReportHtml, EmptyPartialAndOddReportsStillRender) {
  json partial = v2_report();
  partial["partial"] = true;
  partial["stopped"] = "interrupted";
  partial["verdict"] = "INCOMPLETE";
  partial["tests"] = json::array();
  partial["pacing_search"] = json::array();
  partial["compliance"] = json::array();
  partial["advice"] = nullptr;
  partial["latency"]["histogram"] = {{"bin_ms", 0}, {"counts", json::array()}};
  partial["throughput"]["steps"] = json::array();
  const std::string html = report_html(partial);
  EXPECT_NE(html.find("Partial report: the run stopped because it was interrupted, after 0 tests"), std::string::npos);
  EXPECT_NE(html.find("badge v-grey"), std::string::npos);
  EXPECT_NE(html.find("No single or train test finished"), std::string::npos);
  EXPECT_NE(html.find("No compliance check ran"), std::string::npos);
  EXPECT_NE(html.find("No step finished"), std::string::npos);
  expect_self_contained(html);

  // One point, zeros, numbers far out of range, wrong types, null sections: still a page, no "nan".
  json odd = v2_report();
  odd["wire_speed"] = 0;
  odd["throughput"]["steps"] = json::array({odd["throughput"]["steps"][0]});
  odd["throughput"]["steps"][0]["offered_bps"] = 1e308;
  odd["throughput"]["steps"][0]["delivered_bps"] = -5;
  odd["latency"]["histogram"]["counts"] = {1e308, "many", nullptr, 0};
  odd["latency"]["threshold_ms"] = "six";
  odd["tests"][0]["size_bytes"] = "big";
  odd["tests"][1]["pacing"] = nullptr;
  odd["tests"][2]["first_error_hex"] = {{"sent", ""}, {"received", 7}};
  odd["pacing_search"][0] = 3;
  odd["link"] = "nowhere";
  odd["compliance"][0] = nullptr;
  const std::string strange = report_html(odd);
  expect_self_contained(strange);
  const std::string bare = report_html(json{{"schema_version", 2}});
  EXPECT_NE(bare.find("unnamed interface"), std::string::npos);
  EXPECT_NE(bare.find("Latency was not measured"), std::string::npos);
  expect_self_contained(bare);
  expect_self_contained(report_html(json::array()));
}

}  // namespace
}  // namespace midiloop

namespace midiloop {
namespace {

TEST(ReportHtml, ConditionsStandUnderTheVerdictAndRealtimeBesideTheTest) {
  json report = v2_report();
  report["verdict"] = "PASS";
  report["conditions"] = json::array({"MIDI clock stopped during the transfer", kHostile});
  report["tests"][1]["realtime"] = {{"sent", 32}, {"received", 32}, {"lost", 0},        {"added", 0},
                                    {"moved", 32}, {"sysex_ended", 4}, {"sysex_damaged", 0}};
  const std::string html = report_html(report);
  const auto badge = html.find("<span class=\"badge v-pass\">PASS</span>");
  const auto condition = html.find("<p class=\"condition\"><strong>Only with:</strong> MIDI clock stopped during the transfer</p>");
  ASSERT_NE(badge, std::string::npos);
  ASSERT_NE(condition, std::string::npos) << html.substr(badge, 600);
  EXPECT_LT(badge, condition);
  EXPECT_LT(condition, html.find("class=\"verdict-text\""));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("; realtime: 32 moved (SysEx broken only where clock was)"), std::string::npos);
  // No conditions, or a report from before they existed: no such paragraph.
  report.erase("conditions");
  EXPECT_EQ(report_html(report).find("class=\"condition\""), std::string::npos);
}

}  // namespace
}  // namespace midiloop
