#include "reports/compare_html.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "patterns/wire.hpp"
#include "reports/html_parts.hpp"

namespace midiloop {
namespace {

using namespace html;

// ---- How an interface is told apart: colour, marker and dash, so it reads in greyscale too ----

// Okabe and Ito's palette (colour-blind safe) without its yellow, which vanishes on white, plus
// Paul Tol's wine. Shapes and dashes repeat at other counts, so colour, marker and dash together
// stay distinct for 24 interfaces.
constexpr int kColours = 8, kMarkers = 6, kDashes = 4;

std::string series_class(std::size_t k) {
  return "series s" + std::to_string(k % kColours) + " d" + std::to_string(k % kDashes);
}

// The outline of interface k's marker at (x, y), about 2r across: circle, square, triangle,
// diamond, triangle pointing down, cross. Filled shapes, so a hollow one can say "bytes lost".
std::string marker_path(std::size_t k, double x, double y, double r) {
  auto at = [](double px_x, double px_y) { return px(px_x) + "," + px(px_y); };
  switch (k % kMarkers) {
    case 0:
      return "M" + at(x - r, y) + "a" + px(r) + "," + px(r) + " 0 1,0 " + px(2 * r) + ",0a" + px(r) + "," + px(r) +
             " 0 1,0 " + px(-2 * r) + ",0Z";
    case 1: return "M" + at(x - 0.9 * r, y - 0.9 * r) + "H" + px(x + 0.9 * r) + "V" + px(y + 0.9 * r) + "H" + px(x - 0.9 * r) + "Z";
    case 2: return "M" + at(x, y - 1.2 * r) + "L" + at(x + 1.1 * r, y + 0.8 * r) + "L" + at(x - 1.1 * r, y + 0.8 * r) + "Z";
    case 3: return "M" + at(x, y - 1.3 * r) + "L" + at(x + 1.3 * r, y) + "L" + at(x, y + 1.3 * r) + "L" + at(x - 1.3 * r, y) + "Z";
    case 4: return "M" + at(x, y + 1.2 * r) + "L" + at(x + 1.1 * r, y - 0.8 * r) + "L" + at(x - 1.1 * r, y - 0.8 * r) + "Z";
    default: {
      const double a = 0.4 * r;
      return "M" + at(x - a, y - r) + "H" + px(x + a) + "V" + px(y - a) + "H" + px(x + r) + "V" + px(y + a) + "H" +
             px(x + a) + "V" + px(y + r) + "H" + px(x - a) + "V" + px(y + a) + "H" + px(x - r) + "V" + px(y - a) + "H" +
             px(x - a) + "Z";
    }
  }
}

// At most `chars` characters of `s` (UTF-8, never cut inside one), "\u2026" where cut: a label in a
// chart has a fixed room; its tooltip has the whole of it.
std::string fit(const std::string& s, std::size_t chars) {
  std::size_t at = 0, n = 0;
  while (at < s.size() && n < chars) {
    ++at;
    while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) ++at;
    ++n;
  }
  return at >= s.size() ? s : s.substr(0, at) + "\u2026";
}

// A line sample and the marker of interface k: the key beside its name in the table and the legend.
void key(Svg& svg, std::size_t k, double x, double y) {
  svg.group(series_class(k));
  svg.path("M" + px(x) + "," + px(y) + "h28", "line");
  svg.path(marker_path(k, x + 14, y, 4.5), "mk");
  svg.end_group();
}

std::string key_svg(std::size_t k, const std::string& label) {
  Svg svg(32, 14, label);
  key(svg, k, 2, 7);
  return svg.done();
}

double wire_bps_of(const json& report) {
  const double speed = number(report, "wire_speed");
  return kWireBytesPerSecond * (speed > 0 ? speed : 1);
}

// ---- The table: compare's columns, one interface per column ----

std::string report_state(const json& report) {
  std::string state = num("schema %.0f", number(report, "schema_version"));
  if (!flag(report, "partial")) return state + ", complete";
  const std::string stopped = text(report, "stopped");
  return state + ", partial: " + (stopped.empty() ? std::string("written while the run was still going")
                                                   : "stopped, " + stopped);
}

std::string table_section(const std::vector<ComparedReport>& reports, const std::vector<std::string>& labels) {
  const auto headers = compare_headers();
  std::string h = "<h2 id=\"verdicts\">Verdicts and settings</h2>\n<div class=\"wide\">\n<table class=\"compare\">\n"
                  "<tr><th></th>";
  for (std::size_t k = 0; k < reports.size(); ++k) {
    h += "<th class=\"iface\">" + key_svg(k, labels[k]) + escape(labels[k]) + "</th>";
  }
  h += "</tr>\n";
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : reports) cells.push_back(compare_cells(r.row));
  for (std::size_t c = 0; c < headers.size(); ++c) {
    if (c == kCompareLabelColumn) continue;
    h += "<tr><th>" + escape(headers[c]) + "</th>";
    for (const auto& values : cells) {
      h += "<td>" + (c == kCompareVerdictColumn ? verdict_badge(values[c]) : escape(values[c])) + "</td>";
    }
    h += "</tr>\n";
  }
  h += "<tr><th>report</th>";
  for (const auto& r : reports) {
    h += std::string(flag(r.report, "partial") ? "<td class=\"partial\">" : "<td>") + escape(report_state(r.report)) +
         "</td>";
  }
  return h + "</tr>\n</table>\n</div>\n<p class=\"note\">Safe pacing is what the run proved lossless; \u201conly "
             "with\u201d are the conditions the verdict holds under; the 1.6 MB OS is a Machinedrum OS upload at that "
             "pacing. A partial report shows what it measured before it stopped.</p>\n";
}

// ---- Throughput: every interface's curve in one chart ----

bool same_points(const std::vector<RatePoint>& a, const std::vector<RatePoint>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const RatePoint& p, const RatePoint& q) {
    return p.offered == q.offered && p.delivered == q.delivered && p.lost == q.lost && p.interrupted == q.interrupted;
  });
}

std::string throughput_section(const std::vector<ComparedReport>& reports, const std::vector<std::string>& labels) {
  std::vector<RatePoints> curves;
  std::set<double> wires;
  double largest = 0;
  for (const auto& r : reports) {
    curves.push_back(rate_points(r.report));
    wires.insert(wire_bps_of(r.report));
    for (const RatePoint& p : curves.back().points) largest = std::max({largest, p.offered, p.delivered});
  }
  largest = std::max(largest, *wires.rbegin() * 1.1);
  const Range range = round_range(largest, 6);
  const double legend_top = 414, row = 20;
  const Scale x{0, range.top, 78, 740}, y{0, range.top, 356, 28};
  Svg svg(770, legend_top + row * static_cast<double>(reports.size()) + 6, "Delivered against offered rate, every interface");
  svg.axes(x, range.step, y, range.step, "offered to the interface (B/s)", "delivered intact (B/s)");
  svg.line(x(0), y(0), x(range.top), y(range.top), "diagonal");
  svg.text(x(range.top) - 6, y(range.top) + 16, "delivered = offered", "chart-note", "end");
  for (double wire : wires) {
    svg.line(x(0), y(wire), x(range.top), y(wire), "wire");
    svg.text(x(range.top) - 6, y(wire) + 16, num("DIN wire: %.0f B/s", wire), "wire-label", "end");
  }
  for (std::size_t k = 0; k < reports.size(); ++k) {
    const auto& points = curves[k].points;
    svg.group(series_class(k));
    if (curves[k].curve && points.size() > 1) {
      std::string d;
      for (const RatePoint& p : points) d += (d.empty() ? "M" : "L") + px(x(p.offered)) + "," + px(y(p.delivered));
      svg.path(d, "line", labels[k]);
    }
    for (const RatePoint& p : points) {
      svg.path(marker_path(k, x(p.offered), y(p.delivered), 5), p.lost || p.interrupted ? "mk lost" : "mk",
               labels[k] + ": " + p.tip);
    }
    svg.end_group();
  }
  for (std::size_t k = 0; k < reports.size(); ++k) {
    const double at = legend_top + row * static_cast<double>(k);
    key(svg, k, 78, at);
    const auto& c = curves[k];
    std::string note = c.points.empty() ? " (not measured)" : c.curve ? "" : " (no curve: its tests)";
    // A curve drawn over an identical one hides it: say so, or the hidden interface looks unmeasured.
    for (std::size_t j = 0; j < k && !c.points.empty(); ++j) {
      if (c.curve == curves[j].curve && same_points(c.points, curves[j].points)) {
        note += " (the same as " + fit(labels[j], 30) + ", drawn over it)";
        break;
      }
    }
    svg.text(116, at + 4, fit(labels[k], 70) + note, "legend");
  }
  return "<h2 id=\"throughput\">Throughput: delivered against offered</h2>\n<figure>\n" + svg.done() +
         "<figcaption>SysEx offered at rising shares of the wire rate, one line per interface; a hollow marker is a "
         "step where bytes were lost (or that was interrupted). The dashed line is the DIN wire, the dotted diagonal "
         "delivery equal to the offer. A good interface follows the diagonal up to the wire and stays there, losing "
         "nothing. A report without a curve (an older midiloop, a run stopped early) shows its tests as unconnected "
         "points.</figcaption>\n</figure>\n";
}

// ---- Latency: one row per interface on one millisecond axis ----

struct Latency {
  double min = 0, median = 0, p99 = 0, max = 0;
  double threshold = 0;  // 0: the report sets none (the connectivity probe of a schema 1 report)
  std::string source;
};

std::optional<Latency> latency_of(const json& report) {
  const json& l = at(report, "latency");
  if (l.is_object() && number(l, "probes_returned") > 0) {
    return Latency{number(l, "min_ms"), number(l, "median_ms"), number(l, "p99_ms"), number(l, "max_ms"),
                   number(l, "threshold_ms"),
                   num("%.0f", number(l, "probes_returned")) + num(" of %.0f round trips of ", number(l, "probes_sent")) +
                       text(l, "message")};
  }
  for (const json& t : list(report, "tests")) {
    const json& probe = at(t, "latency");
    if (member<Shape>(t, "shape") != Shape::probe || number(probe, "probes_returned") <= 0) continue;
    return Latency{number(probe, "min_ms"), number(probe, "median_ms"), number(probe, "p99_ms"),
                   number(probe, "max_ms"), 0,
                   num("the connectivity probe's %.0f", number(probe, "probes_returned")) +
                       num(" of %.0f round trips", number(probe, "probes_sent"))};
  }
  return std::nullopt;
}

std::string latency_section(const std::vector<ComparedReport>& reports, const std::vector<std::string>& labels) {
  std::vector<std::optional<Latency>> rows;
  std::set<double> thresholds;
  double largest = 0;
  for (const auto& r : reports) {
    rows.push_back(latency_of(r.report));
    if (!rows.back()) continue;
    largest = std::max(largest, rows.back()->max);
    if (rows.back()->threshold > 0) thresholds.insert(rows.back()->threshold);
  }
  std::string h = "<h2 id=\"latency\">Latency</h2>\n";
  if (largest <= 0 && thresholds.empty()) {
    return h + "<p class=\"note\">Latency was not measured in any of these reports.</p>\n";
  }
  if (!thresholds.empty()) largest = std::max(largest, *thresholds.rbegin() * 1.1);
  const Range range = round_range(largest, 8);
  const double top = 12, band = 34, left = 230;
  const double bottom = top + band * static_cast<double>(reports.size());
  const Scale x{0, range.top, left, 740};
  Svg svg(770, bottom + 48, "Round-trip latency, every interface");
  for (int k = 0; k <= 40 && k * range.step <= range.top + range.step * 1e-6; ++k) {
    const double at = x(k * range.step);
    svg.line(at, top, at, bottom, "grid");
    svg.text(at, bottom + 16, num(range.step >= 1 ? "%.0f" : range.step >= 0.1 ? "%.1f" : "%.2f", k * range.step), {},
             "middle");
  }
  svg.line(x.from, bottom, x.to, bottom, "axis");
  svg.text((x.from + x.to) / 2, bottom + 36, "round trip (milliseconds)", "axis-title", "middle");
  for (double threshold : thresholds) {
    svg.line(x(threshold), top, x(threshold), bottom, "threshold");
    svg.text(x(threshold) + 4, top + 10, num("%g ms", threshold), "threshold-label");
  }
  for (std::size_t k = 0; k < reports.size(); ++k) {
    const double mid = top + band * (static_cast<double>(k) + 0.5);
    svg.text(left - 12, mid + 4, fit(labels[k], 30), "legend", "end");
    if (!rows[k]) {
      svg.text(left + 6, mid + 4, "not measured", "chart-note");
      continue;
    }
    const Latency& l = *rows[k];
    const std::string tip = labels[k] + ": " + l.source + num(": min %.2f ms", l.min) + num(", median %.2f ms", l.median) +
                            num(", p99 %.2f ms", l.p99) + num(", max %.2f ms", l.max);
    svg.group(series_class(k));
    svg.line(x(l.min), mid, x(l.max), mid, "line whisker");
    svg.line(x(l.max), mid - 6, x(l.max), mid + 6, "line whisker");
    svg.rect(x(l.min), mid - 8, x(l.p99) - x(l.min), 16, "box", tip);
    svg.path(marker_path(k, x(l.median), mid, 5), "mk", tip);
    svg.end_group();
  }
  return h + "<figure>\n" + svg.done() +
         "<figcaption>Round trips of single short messages, one row per interface on one axis: the box runs from the "
         "fastest round trip to the 99th percentile, the marker is the median, the whisker ends at the slowest. The "
         "dashed red line is the threshold a worst case is flagged above (noticeable when playing live). A schema 1 "
         "report has only its connectivity probe's round trips.</figcaption>\n</figure>\n";
}

// ---- Compliance: checks as rows, interfaces as columns ----

std::string compliance_section(const std::vector<ComparedReport>& reports, const std::vector<std::string>& labels) {
  // The checks in the order the reports list them; a check only some reports have is a row too.
  std::vector<std::string> ids;
  for (const auto& r : reports) {
    for (const json& c : list(r.report, "compliance")) {
      const std::string id = text(c, "id");
      if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  std::string h = "<h2 id=\"compliance\">MIDI 1.0 compliance</h2>\n";
  if (ids.empty()) return h + "<p class=\"note\">No compliance check in any of these reports: not measured.</p>\n";
  h += "<div class=\"wide\">\n<table class=\"matrix\">\n<tr><th>check</th>";
  for (std::size_t k = 0; k < reports.size(); ++k) {
    h += "<th class=\"iface\">" + key_svg(k, labels[k]) + escape(labels[k]) + "</th>";
  }
  h += "</tr>\n";
  for (const std::string& id : ids) {
    h += "<tr><th class=\"check\">" + escape(id) + "</th>";
    for (const auto& r : reports) {
      const json& checks = at(r.report, "compliance");
      const json* check = nullptr;
      for (const json& c : list(r.report, "compliance")) {
        if (text(c, "id") == id) check = &c;
      }
      if (!check) {
        // Schema 1 had no checks; an empty list is a run that stopped before them.
        h += std::string("<td class=\"na\">") +
             (!checks.is_array() ? "not measured" : checks.empty() ? "not run: stopped before" : "not run") + "</td>";
      } else if (flag(*check, "interrupted")) {
        h += "<td class=\"cut\">\u2026 interrupted</td>";
      } else if (flag(*check, "pass")) {
        h += "<td class=\"ok\">\u2713 pass</td>";
      } else {
        const std::string name = text(*check, "deviation").empty() ? "deviates" : text(*check, "deviation");
        const std::string why = text(*check, "effect") + (text(*check, "consequence").empty() ? "" : ": ") +
                                text(*check, "consequence");
        h += "<td class=\"dev\"" + (why.empty() ? std::string() : " title=\"" + escape(why) + "\"") + ">\u2717 " +
             escape(name) + "</td>";
      }
    }
    h += "</tr>\n";
  }
  return h + "</table>\n</div>\n<p class=\"note\">\u2713 behaves as MIDI 1.0 expects; \u2717 a deviation, named (hover "
             "for what it breaks); not measured: the report is from a midiloop without these checks.</p>\n";
}

// The colours, and the dashes a line of each interface is drawn with (see kColours, kDashes).
constexpr const char* kStyle = R"(
.wide{overflow-x:auto}
table.compare th.iface,table.matrix th.iface{vertical-align:bottom;min-width:9em}
th.iface svg{display:inline-block;vertical-align:middle;margin-right:.4em}
td.partial{background:#fff3e0}
table.matrix td{font-size:14px}th.check{font-family:ui-monospace,monospace;font-size:13px;font-weight:400;white-space:nowrap}
td.ok{background:#e8f5e9;color:#1b5e20}td.dev{background:#fdecea;color:#b71c1c;font-weight:600}
td.cut,td.na{background:#f5f5f5;color:#616161}
svg .wire{stroke:#555;stroke-dasharray:12 4}svg .wire-label{fill:#444}
svg .line{fill:none;stroke-width:2}svg .mk{stroke:#fff;stroke-width:1}svg .series .mk.lost{fill:#fff;stroke-width:2}
svg .box{fill-opacity:.28;stroke-width:1.5}svg .whisker{stroke-width:1.5}
.d1 .line{stroke-dasharray:8 4}.d2 .line{stroke-dasharray:2 3}.d3 .line{stroke-dasharray:10 3 2 3}
.s0 .line,.s0 .box,.s0 .mk.lost{stroke:#0072b2}.s0 .mk,.s0 .box{fill:#0072b2}
.s1 .line,.s1 .box,.s1 .mk.lost{stroke:#d55e00}.s1 .mk,.s1 .box{fill:#d55e00}
.s2 .line,.s2 .box,.s2 .mk.lost{stroke:#009e73}.s2 .mk,.s2 .box{fill:#009e73}
.s3 .line,.s3 .box,.s3 .mk.lost{stroke:#cc79a7}.s3 .mk,.s3 .box{fill:#cc79a7}
.s4 .line,.s4 .box,.s4 .mk.lost{stroke:#e69f00}.s4 .mk,.s4 .box{fill:#e69f00}
.s5 .line,.s5 .box,.s5 .mk.lost{stroke:#56b4e9}.s5 .mk,.s5 .box{fill:#56b4e9}
.s6 .line,.s6 .box,.s6 .mk.lost{stroke:#000}.s6 .mk,.s6 .box{fill:#000}
.s7 .line,.s7 .box,.s7 .mk.lost{stroke:#882255}.s7 .mk,.s7 .box{fill:#882255}
)";

}  // namespace

std::string compare_html(const std::vector<ComparedReport>& reports) {
  std::vector<std::string> labels;
  for (const auto& r : reports) {
    std::string label = compare_cells(r.row)[kCompareLabelColumn];
    labels.push_back(label.empty() ? "unnamed interface" : label);
  }
  std::string names;
  for (const auto& label : labels) names += (names.empty() ? "" : ", ") + label;
  const std::string n = std::to_string(reports.size()) + (reports.size() == 1 ? " interface" : " interfaces");
  return page(
      names + " compared (midiloop)", kStyle,
      "<h1>midiloop: " + escape(n) + " compared</h1>\n<p class=\"note\">Reports of <code>midiloop run</code> side by "
      "side. Each interface keeps its colour, marker and line style in every chart.</p>\n" +
          table_section(reports, labels) + throughput_section(reports, labels) + latency_section(reports, labels) +
          compliance_section(reports, labels));
}

}  // namespace midiloop
