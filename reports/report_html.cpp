#include "reports/report_html.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"
#include "reports/html_parts.hpp"

namespace midiloop {
namespace {

using nlohmann::json;

using namespace html;

// A pacing as the report holds it; a missing or odd field reads as 0.
Pacing pacing_of(const json& p) {
  return {static_cast<uint32_t>(std::clamp(number(p, "chunk_bytes"), 0.0, 4294967295.0)),
          static_cast<int64_t>(number(p, "chunk_gap_us")), static_cast<int64_t>(number(p, "message_gap_us")),
          number(p, "rate_bps")};
}

// The rate a pacing asks for: its rate, or the one its chunk gap makes; 0 when it asks none.
double pacing_rate(const json& p) { return pacing_rate_bps(pacing_of(p)); }

// "full speed", or "64 B chunks, 80 % rate": the rate as a share of the wire, as people compare it.
std::string pacing_label(const json& p, double wire_bps) { return pacing_text(pacing_of(p), PacingForm::share, wire_bps); }

// ---- Chart 1: pass/fail maps ----

// A result's colour class and mark: grey "\u2026" when cut short, else green "\u2713" or red "\u2717".
const char* outcome_class(bool interrupted, bool ok) { return interrupted ? "none" : ok ? "pass" : "fail"; }
const char* outcome_mark(bool interrupted, bool ok) { return interrupted ? "\u2026" : ok ? "\u2713" : "\u2717"; }

struct Cell {
  std::size_t col = 0, row = 0;
  std::string cls;   // "pass", "fail" or "none" (interrupted)
  std::string mark;  // text in the cell, so colour is not the only cue
  std::string tip;
};

// Columns x rows of coloured cells; cells sharing a place split it side by side, in order.
std::string grid_map(const std::string& title, const std::string& col_title, const std::vector<std::string>& cols,
                     const std::vector<std::string>& rows, const std::vector<Cell>& cells) {
  std::size_t row_chars = 0, col_chars = 0;
  for (const auto& r : rows) row_chars = std::max(row_chars, r.size());
  for (const auto& c : cols) col_chars = std::max(col_chars, c.size());
  const double left = 16 + 7.0 * static_cast<double>(row_chars), top = 8,
               width = std::max(52.0, 8.0 * static_cast<double>(col_chars) + 8), height = 30;
  const double bottom = top + height * static_cast<double>(rows.size());
  Svg svg(left + width * static_cast<double>(cols.size()) + 16, bottom + 48, title);
  for (std::size_t r = 0; r < rows.size(); ++r)
    svg.text(left - 8, top + height * static_cast<double>(r) + 19, rows[r], {}, "end");
  for (std::size_t c = 0; c < cols.size(); ++c) {
    svg.text(left + width * (static_cast<double>(c) + 0.5), bottom + 16, cols[c], {}, "middle");
  }
  svg.text(left + width * static_cast<double>(cols.size()) / 2, bottom + 38, col_title, "axis-title", "middle");
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> sharing, placed;
  for (const Cell& cell : cells) ++sharing[{cell.col, cell.row}];
  for (const Cell& cell : cells) {
    const double n = static_cast<double>(sharing[{cell.col, cell.row}]);
    const double k = static_cast<double>(placed[{cell.col, cell.row}]++);
    const double w = (width - 4) / n, x = left + width * static_cast<double>(cell.col) + 2 + k * w,
                 y = top + height * static_cast<double>(cell.row) + 2;
    svg.rect(x, y, w - 1, height - 4, cell.cls, cell.tip);
    // A narrow share of a cell keeps only the mark's first letter; the tooltip has the rest.
    std::size_t first = cell.mark.empty() ? 0 : 1;  // one UTF-8 character: never cut inside "\u2713"
    while (first < cell.mark.size() && (static_cast<unsigned char>(cell.mark[first]) & 0xC0) == 0x80) ++first;
    const std::string mark = w >= 28 ? cell.mark : w >= 12 ? cell.mark.substr(0, first) : "";
    svg.text(x + (w - 1) / 2, y + 17, mark, "mark", "middle");
  }
  return svg.done();
}

// Distinct keys in the order `less` sorts them, and each key's index.
template <typename Key, typename Less>
std::map<Key, std::size_t, Less> index_of(const std::vector<Key>& keys, Less less) {
  std::map<Key, std::size_t, Less> index(less);
  for (const Key& k : keys) index.emplace(k, 0);
  std::size_t n = 0;
  for (auto& [key, at] : index) at = n++;
  return index;
}

std::string tests_map(const json& report, double wire_bps) {
  std::vector<const json*> tests;
  for (const json& t : list(report, "tests")) {
    const auto shape = member<Shape>(t, "shape");
    if (shape == Shape::single || shape == Shape::train) tests.push_back(&t);
  }
  if (tests.empty()) return "<p class=\"note\">No single or train test finished.</p>\n";
  std::vector<double> sizes;
  std::vector<std::pair<double, std::string>> pacings;  // full speed first, then the fastest rate first
  for (const json* t : tests) {
    sizes.push_back(number(*t, "size_bytes"));
    const json& p = at(*t, "pacing");
    pacings.emplace_back(pacing_of(p).full_speed() ? -std::numeric_limits<double>::infinity() : -pacing_rate(p),
                         pacing_label(p, wire_bps));
  }
  const auto col = index_of(sizes, std::less<double>());
  const auto row = index_of(pacings, std::less<std::pair<double, std::string>>());
  std::vector<std::string> cols, rows;
  for (const auto& [size, k] : col) cols.push_back(num("%.0f", size));
  for (const auto& [key, k] : row) rows.push_back(key.second);
  std::vector<Cell> cells;
  for (std::size_t k = 0; k < tests.size(); ++k) {
    const json& t = *tests[k];
    const bool train = member<Shape>(t, "shape") == Shape::train;
    const bool interrupted = flag(t, "interrupted"), pass = flag(t, "pass");
    const std::string result = interrupted ? "interrupted" : pass ? "every byte back" : "bytes lost or changed";
    cells.push_back({col.at(sizes[k]), row.at(pacings[k]), outcome_class(interrupted, pass),
                     std::string(train ? "T" : "") + outcome_mark(interrupted, pass),
                     text(t, "id") + ": " + num("%.0f", number(t, "messages")) + " x " + num("%.0f B", sizes[k]) +
                         ", " + pacings[k].second + ": " + result});
  }
  return "<figure>\n" + grid_map("Pass/fail by message size and pacing", "message size (bytes)", cols, rows, cells) +
         "<figcaption>Each cell is a test: \u2713 every byte came back, \u2717 bytes were lost or changed, \u2026 "
         "interrupted; T marks a train of messages back to back (an OS upload's shape), otherwise one message of "
         "that size. Rates are shares of the DIN wire (" +
         num("%.0f", wire_bps) + " B/s).</figcaption>\n</figure>\n";
}

// The letter a pacing search trial's cell is marked with (the caption says which is which).
std::string phase_letter(std::optional<TrialPhase> phase) {
  if (!phase) return "?";
  switch (*phase) {
    case TrialPhase::search: return "S";
    case TrialPhase::confirm: return "C";
    case TrialPhase::repeat: return "R";
  }
  return "?";
}

std::string search_map(const json& report, double wire_bps) {
  const json& trials = list(report, "pacing_search");
  if (trials.empty()) return {};
  std::vector<double> chunks, rates;
  for (const json& t : trials) {
    const json& p = at(t, "pacing");
    chunks.push_back(number(p, "chunk_bytes"));
    rates.push_back(pacing_rate(p) > 0 ? pacing_rate(p) : wire_bps);
  }
  const auto col = index_of(chunks, std::less<double>());
  const auto row = index_of(rates, std::greater<double>());
  std::vector<std::string> cols, rows;
  for (const auto& [chunk, k] : col) cols.push_back(chunk > 0 ? num("%.0f", chunk) : "whole");
  for (const auto& [rate, k] : row) rows.push_back(num("%.0f B/s", rate) + num(" (%.0f %%)", 100 * rate / wire_bps));
  std::vector<Cell> cells;
  for (std::size_t k = 0; k < trials.size(); ++k) {
    const json& t = trials[k];
    const bool interrupted = flag(t, "interrupted"), lossless = flag(t, "lossless");
    const std::string phase = text(t, "phase");
    cells.push_back({col.at(chunks[k]), row.at(rates[k]), outcome_class(interrupted, lossless),
                     phase_letter(member<TrialPhase>(t, "phase")) + outcome_mark(interrupted, lossless),
                     "step " + std::to_string(k + 1) + " (" + phase + "): " + num("%.0f B chunks at ", chunks[k]) +
                         num("%.0f B/s: ", rates[k]) +
                         (interrupted ? "interrupted"
                          : lossless  ? "lossless"
                                      : num("%.0f bytes lost", number(t, "bytes_lost")))});
  }
  return "<figure>\n" +
         grid_map("Pacing search trials by chunk size and rate", "chunk size (bytes)", cols, rows, cells) +
         "<figcaption>Every step of the search for a pacing that loses nothing, by chunk size and rate: S a search "
         "step, C a confirmation (a margin below the rate, repeated), R a repetition; \u2713 lossless, \u2717 "
         "bytes lost. A place tried more than once is split, in the order tried.</figcaption>\n</figure>\n";
}

// ---- Chart 2: delivered vs offered rate ----

struct Point {
  double x = 0, y = 0;
  std::string cls;  // "pass", "fail" or "none"
  std::string tip;
};

std::string rate_chart(const std::vector<Point>& points, double wire_bps, bool connect) {
  double largest = wire_bps * 1.1;
  for (const Point& p : points) largest = std::max({largest, p.x, p.y});
  const Range range = round_range(largest, 6);
  const Scale x{0, range.top, 78, 586}, y{0, range.top, 336, 28};
  Svg svg(620, 392, "Delivered against offered rate");
  svg.axes(x, range.step, y, range.step, "offered to the interface (B/s)", "delivered intact (B/s)");
  svg.line(x(0), y(0), x(range.top), y(range.top), "diagonal");
  svg.text(x(range.top) - 6, y(range.top) + 16, "delivered = offered", "chart-note", "end");
  svg.line(x(0), y(wire_bps), x(range.top), y(wire_bps), "wire");
  svg.text(x(range.top) - 6, y(wire_bps) + 16, num("DIN wire: %.0f B/s", wire_bps), "wire-label", "end");
  for (std::size_t k = 1; connect && k < points.size(); ++k) {
    svg.line(x(points[k - 1].x), y(points[k - 1].y), x(points[k].x), y(points[k].y), "curve");
  }
  for (const Point& p : points) svg.circle(x(p.x), y(p.y), 5, p.cls, p.tip);
  return svg.done();
}

std::string back_pressure_words(std::optional<BackPressure> kind) {
  switch (kind.value_or(BackPressure::unknown)) {
    case BackPressure::holds_back: return "holds the host back: it takes data no faster than the wire drains it";
    case BackPressure::drops: return "takes data faster than the wire drains it and drops what does not fit";
    case BackPressure::buffers:
      return "takes data faster than the wire and buffers it: nothing was lost at these sizes";
    case BackPressure::unknown: break;
  }
  return "was not determined";
}

std::string throughput_section(const json& report, double wire_bps) {
  std::string h = "<h2 id=\"throughput\">Throughput: delivered against offered</h2>\n<figure>\n";
  const json& curve = at(report, "throughput");
  const RatePoints rates = rate_points(report);
  std::vector<Point> points;
  for (const RatePoint& p : rates.points) {
    points.push_back({p.offered, p.delivered, outcome_class(p.interrupted, !p.lost), p.tip});
  }
  if (rates.curve) {
    h += rate_chart(points, wire_bps, true);
    h += "<figcaption>SysEx offered at rising shares of the wire rate: each point is one step, red where bytes were "
         "lost, grey where interrupted. The dashed blue line is the DIN wire, the dotted diagonal delivery equal to "
         "the offer. ";
    h += points.empty() ? std::string("No step finished. ")
                        : num("The fastest intact delivery was %.0f B/s", number(curve, "drain_bps")) +
                              num(" (%.0f %% of the wire). ", 100 * number(curve, "drain_bps") / wire_bps);
    h += "Above the wire rate this interface " + back_pressure_words(member<BackPressure>(curve, "back_pressure")) +
         ".</figcaption>\n";
  } else {
    h += rate_chart(points, wire_bps, false);
    h += "<figcaption>This report has no throughput curve (it is from an older midiloop, or the run stopped before "
         "the curve), so the points are the tests instead: the rate each was handed to the interface against the "
         "rate its bytes came back, red where bytes were lost. The dashed blue line is the DIN wire, the dotted "
         "diagonal delivery equal to the offer.</figcaption>\n";
  }
  return h + "</figure>\n";
}

// ---- Chart 3: latency ----

std::string latency_chart(const std::vector<double>& counts, double bin_ms, double threshold_ms) {
  double most = 0;
  for (double c : counts) most = std::max(most, c);
  const Range xr = round_range(std::max(bin_ms * static_cast<double>(counts.size()), threshold_ms * 1.15), 8);
  const Range yr = round_range(std::max(most, 5.0), 5);
  const Scale x{0, xr.top, 64, 586}, y{0, yr.top, 256, 28};
  Svg svg(620, 312, "Round-trip latency histogram");
  svg.axes(x, xr.step, y, yr.step, "round trip (milliseconds)", "probes");
  for (std::size_t k = 0; bin_ms > 0 && k < counts.size(); ++k) {
    if (counts[k] <= 0) continue;
    const double from = bin_ms * static_cast<double>(k);
    svg.rect(x(from), y(counts[k]), x(from + bin_ms) - x(from) - 1, y(0) - y(counts[k]), "bar",
             num("%.2f", from) + num(" to %.2f ms: ", from + bin_ms) + num("%.0f probes", counts[k]));
  }
  if (threshold_ms > 0) {
    svg.line(x(threshold_ms), y(0), x(threshold_ms), y(yr.top), "threshold");
    svg.text(x(threshold_ms) + 4, y(yr.top) + 12, num("%g ms", threshold_ms), "threshold-label");
  }
  return svg.done();
}

std::string ms(double v) { return num("%.2f ms", v); }

std::string latency_section(const json& report) {
  std::string h = "<h2 id=\"latency\">Latency</h2>\n";
  const json& l = at(report, "latency");
  if (l.is_object()) {
    std::vector<double> counts;
    for (const json& c : list(at(l, "histogram"), "counts")) counts.push_back(c.is_number() ? c.get<double>() : 0);
    const double threshold = number(l, "threshold_ms");
    h += "<div class=\"side\">\n<figure>\n" + latency_chart(counts, number(at(l, "histogram"), "bin_ms"), threshold);
    h += "<figcaption>Round trips of single short messages (" + escape(text(l, "message")) +
         "), each told apart, in bins of " + num("%g ms", number(at(l, "histogram"), "bin_ms")) +
         num(". The dashed red line is %g ms: a worst case above it is noticeable when playing live.", threshold) +
         "</figcaption>\n</figure>\n<table class=\"stats\">\n";
    auto stat = [&](const std::string& name, const std::string& value) {
      h += "<tr><th>" + escape(name) + "</th><td class=\"n\">" + escape(value) + "</td></tr>\n";
    };
    stat("probes back", num("%.0f", number(l, "probes_returned")) + num(" of %.0f", number(l, "probes_sent")));
    stat("min", ms(number(l, "min_ms")));
    stat("median", ms(number(l, "median_ms")));
    stat("mean", ms(number(l, "mean_ms")));
    stat("p99", ms(number(l, "p99_ms")));
    stat("max", ms(number(l, "max_ms")));
    stat("jitter (std. dev.)", ms(number(l, "jitter_ms")));
    stat("over " + num("%g ms", threshold), flag(l, "over_threshold") ? "yes" : "no");
    if (flag(l, "interrupted")) stat("interrupted", "yes: fewer probes than planned");
    return h + "</table>\n</div>\n";
  }
  for (const json& t : list(report, "tests")) {
    const json& probe = at(t, "latency");
    const bool probe_shape = member<Shape>(t, "shape") == Shape::probe;
    if (!probe_shape || !probe.is_object() || number(probe, "probes_returned") <= 0) continue;
    return h + "<p>No latency profile in this report; the connectivity probe's " +
           num("%.0f", number(probe, "probes_returned")) + num(" of %.0f", number(probe, "probes_sent")) +
           " round trips: min " + ms(number(probe, "min_ms")) + ", median " + ms(number(probe, "median_ms")) +
           ", p99 " + ms(number(probe, "p99_ms")) + ", max " + ms(number(probe, "max_ms")) + ".</p>\n";
  }
  return h + "<p class=\"note\">Latency was not measured.</p>\n";
}

// ---- Tables ----

std::string cell(const std::string& s, const char* cls = nullptr) {
  return std::string(cls ? "<td class=\"" + std::string(cls) + "\">" : "<td>") + escape(s) + "</td>";
}

// What a deviation touches, in words; a name this midiloop does not know, as it stands.
std::string effect_words(const json& check) {
  const auto effect = member<Effect>(check, "effect");
  if (!effect) return text(check, "effect");
  switch (*effect) {
    case Effect::harmless: return "harmless";
    case Effect::playing: return "affects live playing and sync";
    case Effect::transfers: return "affects SysEx transfers (firmware, patches)";
  }
  return text(check, "effect");
}

std::string compliance_section(const json& report) {
  std::string h = "<h2 id=\"compliance\">MIDI 1.0 compliance</h2>\n";
  const json& checks = at(report, "compliance");
  if (!checks.is_array()) {
    return h + "<p class=\"note\">Not in this report: it is from a midiloop without compliance checks.</p>\n";
  }
  if (checks.empty()) return h + "<p class=\"note\">No compliance check ran: the run stopped before them.</p>\n";
  std::vector<const json*> rows;
  for (const json& c : checks) rows.push_back(&c);
  // Deviations first, then checks cut short, then those that passed: the table reads worst first.
  auto rank = [](const json* c) { return flag(*c, "pass") ? 2 : flag(*c, "interrupted") ? 1 : 0; };
  std::stable_sort(rows.begin(), rows.end(), [&](const json* a, const json* b) { return rank(a) < rank(b); });
  std::size_t deviations = 0;
  for (const json* c : rows) deviations += rank(c) == 0;
  h += "<p>" + std::to_string(deviations) + " of " + std::to_string(rows.size()) +
       " checks deviate from what MIDI 1.0 expects.</p>\n<table>\n<tr><th>result</th><th>check</th><th>MIDI 1.0 "
       "expects</th><th>what it means</th><th>sent</th><th>received</th></tr>\n";
  for (const json* c : rows) {
    const int r = rank(c);
    const std::string effect = effect_words(*c);
    const std::string meaning = r == 0 ? (effect.empty() ? "" : effect + ": ") + text(*c, "consequence") : "";
    h += std::string(r == 0 ? "<tr class=\"bad\">" : "<tr>") +
         cell(r == 0   ? (text(*c, "deviation").empty() ? "deviates" : text(*c, "deviation"))
              : r == 1 ? "interrupted"
                       : "as expected") +
         cell(text(*c, "id") + (text(*c, "group").empty() ? "" : " (" + text(*c, "group") + ")")) +
         cell(text(*c, "expectation")) + cell(meaning) + cell(r == 2 ? "" : text(*c, "sent_hex"), "mono") +
         cell(r == 2 ? "" : text(*c, "received_hex"), "mono") + "</tr>\n";
  }
  return h + "</table>\n";
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s + ' ') {
    if (c != ' ') {
      word += c;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  return out;
}

// The bytes around the first error, sent above received, aligned on the bracketed byte (the
// first error on each side), every byte that differs from the one above or below highlighted.
std::string hex_dump(const std::string& sent, const std::string& received) {
  std::vector<std::string> rows[2] = {words(sent), words(received)};
  std::size_t mark[2];
  for (int s = 0; s < 2; ++s) {
    mark[s] = std::find_if(rows[s].begin(), rows[s].end(), [](const std::string& w) { return w.front() == '['; }) -
              rows[s].begin();
  }
  if (mark[0] == rows[0].size() || mark[1] == rows[1].size()) mark[0] = mark[1] = 0;  // unmarked: align the starts
  const std::size_t lead = std::max(mark[0], mark[1]);
  for (int s = 0; s < 2; ++s) rows[s].insert(rows[s].begin(), lead - mark[s], std::string());
  const std::size_t n = std::max(rows[0].size(), rows[1].size());
  for (auto& r : rows) r.resize(n);
  auto bare = [](const std::string& w) { return w.size() > 1 && w.front() == '[' ? w.substr(1, w.size() - 2) : w; };
  std::string out = "<pre class=\"hex\">";
  for (int s = 0; s < 2; ++s) {
    out += s == 0 ? "sent     " : "\nreceived ";
    for (std::size_t k = 0; k < n; ++k) {
      const std::string a = bare(rows[0][k]), b = bare(rows[1][k]), word = bare(rows[s][k]);
      const std::size_t width = std::max({a.size(), b.size(), std::size_t{2}});
      std::string cls = a != b && !a.empty() && !b.empty() ? "diff" : "";
      if (!word.empty() && rows[s][k].front() == '[') cls += cls.empty() ? "at" : " at";
      const std::string shown = escape(word) + std::string(width - word.size(), ' ');
      out += " " + (cls.empty() ? shown : "<span class=\"" + cls + "\">" + shown + "</span>");
    }
  }
  return out + "</pre>\n";
}

std::string error_words(const json& e) {
  std::string out;
  for (const char* key :
       {"messages_missing", "messages_truncated", "messages_duplicated", "messages_merged", "messages_corrupted"}) {
    if (number(e, key) <= 0) continue;
    std::string what = std::string(key).substr(9);
    out +=
        (out.empty() ? "" : ", ") + num("%.0f ", number(e, key)) + (what == "corrupted" ? "with a bad checksum" : what);
  }
  return out.empty() ? out : "messages: " + out;
}

// What happened to a test's realtime bytes, apart from its SysEx errors: "; clock: 32 lost". A
// test that failed only where its clock bytes were says so: it made the verdict conditional.
std::string realtime_words(const json& rt) {
  std::string out;
  for (const char* key : {"lost", "moved", "added"}) {
    if (number(rt, key) > 0) out += (out.empty() ? "" : ", ") + num("%.0f ", number(rt, key)) + key;
  }
  if (!out.empty()) out = "; realtime: " + out;
  if (number(rt, "sysex_ended") > 0 || number(rt, "sysex_damaged") > 0) out += " (SysEx broken only where clock was)";
  return out;
}

std::string tests_section(const json& report, double wire_bps) {
  std::string h = "<h2 id=\"tests\">Every test</h2>\n";
  const json& tests = list(report, "tests");
  if (tests.empty()) return h + "<p class=\"note\">No test finished.</p>\n";
  h += "<table class=\"tests\">\n<tr><th>test</th><th>shape</th><th>size (B)</th><th>messages</th><th>pacing</th>"
       "<th>sent (B)</th><th>back (B)</th><th>dropped</th><th>inserted</th><th>corrupted</th><th>throughput</th>"
       "<th>result</th></tr>\n";
  for (const json& t : tests) {
    const json& e = at(t, "errors");
    const bool pass = flag(t, "pass"), interrupted = flag(t, "interrupted");
    h += std::string(pass ? "<tr>" : "<tr class=\"bad\">") + cell(text(t, "id")) + cell(text(t, "shape")) +
         cell(num("%.0f", number(t, "size_bytes")), "n") + cell(num("%.0f", number(t, "messages")), "n") +
         cell(pacing_label(at(t, "pacing"), wire_bps)) + cell(num("%.0f", number(t, "bytes_sent")), "n") +
         cell(num("%.0f", number(t, "bytes_received")), "n") + cell(num("%.0f", number(e, "dropped")), "n") +
         cell(num("%.0f", number(e, "inserted")), "n") + cell(num("%.0f", number(e, "corrupted")), "n") +
         cell(num("%.0f B/s", number(t, "throughput_bps")) + num(" (%.0f %%)", 100 * number(t, "wire_share")), "n") +
         cell(std::string(interrupted                        ? "interrupted"
                          : at(t, "host_trouble").is_string() ? "not counted: " + text(t, "host_trouble")
                          : pass                               ? "pass"
                                                               : "FAIL") +
              realtime_words(at(t, "realtime"))) +
         "</tr>\n";
    const json& dump = at(t, "first_error_hex");
    if (pass || !dump.is_object()) continue;
    const std::string details = error_words(e);
    h += "<tr class=\"detail\"><td colspan=\"12\">First error at byte " + num("%.0f", number(t, "first_error_offset")) +
         " of the sent stream" + (details.empty() ? "" : "; " + escape(details)) + ":\n" +
         hex_dump(text(dump, "sent"), text(dump, "received")) + "</td></tr>\n";
  }
  return h + "</table>\n";
}

std::string row(const std::string& name, const std::string& value) {
  return "<tr><th>" + escape(name) + "</th><td>" + escape(value) + "</td></tr>\n";
}

std::string advice_section(const json& report, double wire_bps) {
  const json& a = at(report, "advice");
  if (!a.is_object()) return {};
  const json& pacing = at(a, "pacing");
  const json& ox = at(a, "midi_ox");
  const json& librarian = at(a, "sysex_librarian");
  const json& amidi = at(a, "amidi");
  const json& os = at(a, "os_transfer_minutes");
  return "<h2 id=\"settings\">Recommended settings</h2>\n<table class=\"advice\">\n" +
         row("pacing", pacing_text(pacing_of(pacing), PacingForm::phrase) +
                           num(" (%.0f %% of the wire)", 100 * pacing_rate(pacing) / wire_bps)) +
         row("MIDI-OX", num("output buffer %.0f bytes", number(ox, "buffer_bytes")) +
                            num(", %g ms between buffers", number(ox, "delay_ms"))) +
         row("SysEx Librarian", num("buffer %.0f bytes", number(librarian, "buffer_bytes")) +
                                    num(", speed %.0f B/s", number(librarian, "speed_bps"))) +
         row("amidi", num("-i %g", number(amidi, "interval_ms")) +
                          num(" (ms after each message; only for files whose messages are at most %.0f bytes)",
                              number(amidi, "largest_message_bytes"))) +
         row("1.63 MB Machinedrum OS", num("%.1f minutes with these settings", number(os, "advised")) +
                                           num(", %.1f at full speed", number(os, "full_speed"))) +
         "</table>\n";
}

// Why a partial report is partial, in words.
std::string stop_words(const json& report) {
  const std::string stopped = text(report, "stopped");
  if (stopped.empty()) return "written while the run was still going";
  const auto reason = from_report_name<StopReason>(stopped);
  if (reason == StopReason::loop_lost) return "the run stopped because the loop was lost";
  if (reason == StopReason::host_trouble) return "the host disturbed tests that showed errors, so there is no verdict";
  return "the run stopped because it was " + stopped;  // interrupted, or a reason of a newer midiloop
}

std::string verdict_section(const json& report, const std::string& name, double wire_bps) {
  static const std::map<std::string, const char*> kinds = {
      {"PASS", "safe for firmware updates at full speed"},
      {"PASS_WITH_PACING", "safe for firmware updates with the settings below"},
      {"FAIL", "do not send firmware through this interface"},
      {"NO_LOOP", "nothing came back: check the cable and the port choice"},
      {"NOT_DIN", "data came back faster than a DIN cable carries it: the ports are looped in software"},
      {"INCOMPLETE", "the run did not finish: nothing is proven"},
  };
  const std::string verdict = text(report, "verdict");
  const char* const kind = kinds.count(verdict) ? kinds.at(verdict) : "unknown verdict";
  const json& link = at(report, "link");
  std::string h = "<h1>midiloop report: " + escape(name) + "</h1>\n<p class=\"verdict\">" + verdict_badge(verdict) +
                  " " + kind + "</p>\n";
  // What the verdict holds only under, right under it, the way the settings below are for pacing.
  for (const json& c : list(report, "conditions")) {
    if (c.is_string()) h += "<p class=\"condition\"><strong>Only with:</strong> " + escape(c.get<std::string>()) + "</p>\n";
  }
  h += "<p class=\"verdict-text\">" + escape(text(report, "verdict_text")) + "</p>\n";
  if (flag(report, "partial")) {
    h += "<p class=\"warning\">Partial report: " + escape(stop_words(report)) + ", after " +
         std::to_string(list(report, "tests").size()) + " tests. What follows is what was measured.</p>\n";
  }
  h += "<table class=\"facts\">\n";
  if (!text(report, "label").empty()) h += row("label", text(report, "label"));
  h += row("ports", text(link, "out") + " \u2192 " + text(link, "in") + " (" + text(link, "api") + ")");
  if (!text(link, "model").empty()) h += row("emulated model", text(link, "model"));
  h += row("host OS", text(report, "host_os")) + row("started", text(report, "started_at")) +
       row("suite", text(report, "suite")) + row("seed", num("%.0f", number(report, "seed"))) +
       row("wire", num("%.0f B/s", wire_bps) + num(" (%g x MIDI 1.0)", wire_bps / kWireBytesPerSecond)) +
       row("clock", text(report, "clock"));
  // How the times were taken, and what the host added on its own (v2 reports before this have none).
  if (!text(link, "timestamps").empty()) {
    std::string how = text(link, "timestamps") + num(", resolution %.1f \u00b5s", number(link, "resolution_ns") / 1e3);
    if (number(link, "period_frames") > 0) {
      how += num(", JACK period %.0f frames", number(link, "period_frames")) +
             num(" at %.0f Hz", number(link, "sample_rate"));
    }
    if (number(link, "host_delay_ns") > 0) how += num("; host's share of a round trip %.2f ms", number(link, "host_delay_ns") / 1e6);
    h += row("timing", how);
  }
  const json& host = at(report, "host");
  if (number(host, "xruns") > 0 || number(host, "bytes_lost") > 0) {
    h += row("host trouble", num("%.0f xruns", number(host, "xruns")) + num(", %.0f bytes lost by the host", number(host, "bytes_lost")));
  }
  if (at(report, "estimated_buffer_bytes").is_number()) {
    h += row("estimated buffer", num("%.0f bytes", number(report, "estimated_buffer_bytes")));
  }
  return h +
         row("made by", text(at(report, "tool"), "name") + " " + text(at(report, "tool"), "version") +
                            (text(at(report, "tool"), "revision").empty()
                                 ? ""
                                 : " (git " + text(at(report, "tool"), "revision") + ")") +
                            num(", report schema %.0f", number(report, "schema_version"))) +
         "</table>\n";
}

// The report page's own style; html::page adds what every page shares.
constexpr const char* kStyle = R"(
.verdict{font-size:1.15em}.verdict-text{max-width:62em}
.condition{background:#fff8e1;border-left:4px solid #b26a00;padding:.4em .8em;max-width:62em}
td.mono,.hex{font-family:ui-monospace,monospace;font-size:13px}
tr.bad td{background:#fdecea}tr.detail td{background:#fff8f7;border-bottom:2px solid #e6e6e6}
.hex{margin:.3em 0;white-space:pre}.hex .diff{background:#ffcdd2;color:#b71c1c}.hex .at{outline:2px solid #b71c1c}
.side{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}.side figure{max-width:620px}
svg .mark{fill:#fff;font-weight:700}
svg .pass{fill:#43a047}svg .fail{fill:#e53935}svg .none{fill:#bdbdbd}
svg circle{stroke:#fff;stroke-width:1.5}svg .bar{fill:#5c6bc0}svg .curve{stroke:#999;stroke-width:1.5}
)";

}  // namespace

std::string report_html(const json& report) {
  const double speed = number(report, "wire_speed") > 0 ? number(report, "wire_speed") : 1;
  const double wire_bps = kWireBytesPerSecond * speed;
  const json& link = at(report, "link");
  std::string name = text(report, "label");
  if (name.empty()) name = !text(link, "model").empty() ? text(link, "model") : text(link, "out");
  if (name.empty()) name = "unnamed interface";
  const std::string verdict = text(report, "verdict");
  return page(name + ": " + (verdict.empty() ? "?" : verdict) + " (midiloop)", kStyle,
              verdict_section(report, name, wire_bps) + advice_section(report, wire_bps) +
                  "<h2 id=\"map\">What passed, by size and pacing</h2>\n" + tests_map(report, wire_bps) +
                  search_map(report, wire_bps) + throughput_section(report, wire_bps) + latency_section(report) +
                  compliance_section(report) + tests_section(report, wire_bps));
}

}  // namespace midiloop
