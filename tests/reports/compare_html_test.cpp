// The comparison page: one series per report in the charts, the compliance matrix, escaping, and
// reports of schema 1 or stopped early. Rendered by a real browser in browser_test.cpp.
#include "reports/compare_html.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "reports/report_file.hpp"

namespace midiloop {
namespace {

using nlohmann::json;

const std::string kExamples = std::string(MIDILOOP_SOURCE_DIR) + "/reports/examples/";

ComparedReport example(const std::string& model) {
  const ReportFile file = read_report_file(kExamples + model + ".json");
  return {compare_row(file), file.json};
}

// A report as compare reads it, from JSON made here (compare_row needs link, verdict and tests).
ComparedReport compared(const json& j) {
  ReportFile file;
  file.path = "made.json";
  file.json = j;
  return {compare_row(file), j};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The part of the page from the heading with `id` to the next section's heading.
std::string section(const std::string& html, const std::string& id) {
  const auto from = html.find("<h2 id=\"" + id + "\">");
  if (from == std::string::npos) return {};
  return html.substr(from, html.find("<h2 ", from + 1) - from);
}

void expect_self_contained(const std::string& html) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""), std::string::npos);
  for (const char* load : {"http://", "https://", "<script", "src=", "href=", "url(", "@import"}) {
    EXPECT_EQ(html.find(load), std::string::npos) << load;
  }
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_EQ(count(html, "<g "), count(html, "</g>"));
  EXPECT_EQ(html.find("nan"), std::string::npos);
}

std::vector<ComparedReport> three() { return {example("good"), example("cheap-fifo"), example("ch345")}; }

TEST(CompareHtml, TheTableHasCompareColumnsOneInterfacePerColumn) {
  const std::string html = compare_html(three());
  const std::string table = section(html, "verdicts");
  ASSERT_FALSE(table.empty());
  for (const auto& header : compare_headers()) {
    if (header == "interface") continue;  // the column headers: the interfaces
    EXPECT_NE(table.find("<tr><th>" + header + "</th>"), std::string::npos) << header;
  }
  EXPECT_EQ(count(table, "<th class=\"iface\">"), 3u);
  for (const char* badge : {"<span class=\"badge v-pass\">PASS</span>",
                            "<span class=\"badge v-pacing\">PASS_WITH_PACING</span>",
                            "<span class=\"badge v-fail\">FAIL</span>"}) {
    EXPECT_EQ(count(table, badge), 1u) << badge;
  }
  // The same words as compare's text: the cheap cable's safe pacing and its OS time.
  EXPECT_NE(table.find("<td>96 B at 2906 B/s</td>"), std::string::npos);
  EXPECT_NE(table.find("<td>9.3 min</td>"), std::string::npos);
  expect_self_contained(html);
}

TEST(CompareHtml, OneSeriesPerReportInEachChartEachStyledApart) {
  const std::string html = compare_html(three());
  const std::string throughput = section(html, "throughput");
  EXPECT_EQ(count(throughput, "aria-label=\"Delivered against offered rate, every interface\""), 1u);
  // Each series: its curve and its ten steps, then its key in the legend.
  for (const char* series : {"<g class=\"series s0 d0\">", "<g class=\"series s1 d1\">", "<g class=\"series s2 d2\">"}) {
    EXPECT_EQ(count(throughput, series), 2u) << series;
  }
  EXPECT_EQ(count(throughput, "<g class=\"series"), 6u);
  EXPECT_EQ(count(throughput, "class=\"line\"><title>"), 3u) << "one connected curve per report";
  EXPECT_EQ(count(throughput, "class=\"mk\"><title>") + count(throughput, "class=\"mk lost\"><title>"), 30u);
  // Lossy steps are hollow: the cheap FIFO drops above the wire at 4 steps, the CH345 at every one.
  EXPECT_EQ(count(throughput, "class=\"mk lost\"><title>"), 14u);
  EXPECT_EQ(count(throughput, "class=\"wire\""), 1u) << "one wire speed in these reports";
  EXPECT_NE(throughput.find("DIN wire: 3125 B/s"), std::string::npos);
  for (const char* label : {"emulated good", "emulated cheap-fifo", "emulated ch345"}) {
    EXPECT_NE(throughput.find(std::string("class=\"legend\">") + label + "</text>"), std::string::npos) << label;
  }
  // Three markers told apart by shape, not colour alone: a circle's arc, a square's H/V, a triangle's L.
  EXPECT_NE(throughput.find("<g class=\"series s0 d0\">\n<path d=\"M"), std::string::npos);
  const std::string latency = section(html, "latency");
  EXPECT_EQ(count(latency, "<g class=\"series"), 3u) << "a row per report";
  EXPECT_EQ(count(latency, "class=\"box\""), 3u);
  EXPECT_EQ(count(latency, "class=\"threshold\""), 1u);
  expect_self_contained(html);
}

// good and realtime-strip deliver alike: the later curve hides the earlier, and the legend says so.
TEST(CompareHtml, ACurveDrawnOverAnIdenticalOneIsNamed) {
  const std::string legend = section(compare_html({example("good"), example("cheap-fifo"), example("realtime-strip")}), "throughput");
  EXPECT_NE(legend.find(">emulated realtime-strip (the same as emulated good, drawn over it)</text>"), std::string::npos);
  EXPECT_NE(legend.find(">emulated cheap-fifo</text>"), std::string::npos) << "a curve of its own";
}

// Reports made at another wire speed (run --wire-speed) are measured against their own wire: each is drawn.
TEST(CompareHtml, EachWireSpeedHasItsLine) {
  json fast = example("good").report;
  fast["wire_speed"] = 2;
  const std::string chart = section(compare_html({example("cheap-fifo"), compared(fast)}), "throughput");
  EXPECT_EQ(count(chart, "class=\"wire\""), 2u);
  EXPECT_NE(chart.find("DIN wire: 3125 B/s"), std::string::npos);
  EXPECT_NE(chart.find("DIN wire: 6250 B/s"), std::string::npos);
}

TEST(CompareHtml, ComplianceIsAMatrixOfChecksByInterface) {
  const std::string html = compare_html({example("good"), example("realtime-strip"), example("ch345")});
  const std::string matrix = section(html, "compliance");
  EXPECT_EQ(count(matrix, "<th class=\"check\">"), 12u) << "the twelve checks of a schema 2 run";
  EXPECT_EQ(count(matrix, "<td class=\"ok\">"), 12u + 11u + 7u);
  EXPECT_EQ(count(matrix, "<td class=\"dev\""), 1u + 5u);
  // realtime/in-sysex: good passes, realtime-strip strips, ch345 damages: in that column order.
  const auto row = matrix.find("<th class=\"check\">realtime/in-sysex</th>");
  ASSERT_NE(row, std::string::npos);
  const std::string cells = matrix.substr(row, matrix.find("</tr>", row) - row);
  const auto pass = cells.find("\u2713 pass"), strips = cells.find("\u2717 strips-realtime-in-sysex"),
             damages = cells.find("\u2717 damages-sysex");
  ASSERT_NE(pass, std::string::npos) << cells;
  ASSERT_NE(strips, std::string::npos) << cells;
  ASSERT_NE(damages, std::string::npos) << cells;
  EXPECT_LT(pass, strips);
  EXPECT_LT(strips, damages);
  EXPECT_NE(cells.find("title=\"playing: "), std::string::npos) << "what the deviation breaks, on hover";
}

TEST(CompareHtml, AHostileLabelIsEscapedEverywhere) {
  json j = example("good").report;
  j["label"] = "<script>alert('x')</script> & \"quoted\"\x1b[31m";
  const std::string html = compare_html({compared(j), example("cheap-fifo")});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("alert('x')"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos) << "control characters are shown as \\xNN, as in compare's text";
  const std::string escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\\x1B[31m";
  // The title, the table's and the matrix's headers with their keys' labels, the legend, the
  // latency row, and the tooltips of every point.
  EXPECT_GE(count(html, escaped), 8u);
  expect_self_contained(html);
}

TEST(CompareHtml, ASchemaOneReportShowsWhatItHasAndSaysNotMeasured) {
  json old = example("cheap-fifo").report;
  old["schema_version"] = 1;
  for (const char* key : {"compliance", "latency", "throughput"}) old.erase(key);
  const std::string html = compare_html({example("good"), compared(old)});
  const std::string throughput = section(html, "throughput");
  EXPECT_EQ(count(throughput, "class=\"line\"><title>"), 1u) << "the old report has no curve to connect";
  EXPECT_NE(throughput.find("emulated cheap-fifo (no curve: its tests)"), std::string::npos);
  EXPECT_GT(count(throughput, "<title>emulated cheap-fifo: full/"), 0u) << "its tests are the points";
  const std::string latency = section(html, "latency");
  EXPECT_NE(latency.find("the connectivity probe&#39;s"), std::string::npos) << "schema 1's probe latency";
  const std::string matrix = section(html, "compliance");
  EXPECT_EQ(count(matrix, "<td class=\"na\">not measured</td>"), 12u);
  EXPECT_NE(html.find("<td>schema 1, complete</td>"), std::string::npos);
  expect_self_contained(html);
}

TEST(CompareHtml, PartialAndEmptyReportsRenderAsNotMeasured) {
  json partial = example("cheap-fifo").report;
  partial["partial"] = true;
  partial["stopped"] = "interrupted";
  partial["verdict"] = "INCOMPLETE";
  partial["tests"] = json::array();
  partial["compliance"] = json::array();
  partial["latency"] = nullptr;
  partial["throughput"]["steps"] = json::array();
  const std::string html = compare_html({compared(partial), example("good")});
  EXPECT_NE(html.find("<span class=\"badge v-grey\">INCOMPLETE</span>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"partial\">schema 2, partial: stopped, interrupted</td>"), std::string::npos);
  EXPECT_NE(section(html, "throughput").find("emulated cheap-fifo (not measured)"), std::string::npos);
  EXPECT_NE(section(html, "latency").find(">not measured</text>"), std::string::npos);
  EXPECT_EQ(count(section(html, "compliance"), "not run: stopped before"), 12u);
  expect_self_contained(html);

  // Nothing measured but a latency far out of range, odd types where numbers belong: still a page.
  json bare = {{"schema_version", 1},
               {"verdict", "NO_LOOP"},
               {"link", {{"out", "a"}, {"in", "b"}, {"api", "x"}, {"model", nullptr}}},
               {"tests", json::array()},
               {"wire_speed", "fast"},
               {"throughput", {{"steps", {{{"offered_bps", "many"}, {"delivered_bps", nullptr}}}}}},
               {"latency",
                {{"probes_returned", 3}, {"median_ms", 1}, {"p99_ms", 2}, {"max_ms", 1e308}, {"over_threshold", false}}}};
  const std::string thin = compare_html({compared(bare)});
  EXPECT_NE(thin.find("<h1>midiloop: 1 interface compared</h1>"), std::string::npos);
  EXPECT_NE(thin.find("No compliance check in any of these reports"), std::string::npos);
  expect_self_contained(thin);
}

}  // namespace
}  // namespace midiloop
