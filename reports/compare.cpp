#include "reports/compare.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string_view>

#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"
#include "reports/report_json.hpp"

namespace midiloop {
namespace {

constexpr const char* kHeaders[] = {"interface", "ports",           "API",          "OS",      "verdict",  "safe pacing",
                                "only with", "largest clean SysEx", "loss at full speed", "1.6 MB OS",
                                "latency median/p99", "deviations"};
static_assert(std::string_view(kHeaders[kCompareLabelColumn]) == "interface" &&
              std::string_view(kHeaders[kCompareVerdictColumn]) == "verdict");


std::string fixed(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

// Text from a report as it may be shown on a terminal or in a table: a control character (an
// escape sequence, a newline, C1 controls such as CSI) is written as \xNN, never passed on to
// recolour a terminal or break a table row.
std::string shown(const std::string& text) {
  std::string out;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const auto byte = static_cast<unsigned char>(text[k]);
    // U+0080..U+009F in UTF-8: C2 80..C2 9F.
    const bool c1 = byte == 0xC2 && k + 1 < text.size() && static_cast<unsigned char>(text[k + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[k + 1]) <= 0x9F;
    if (byte < 0x20 || byte == 0x7F || c1) {
      const unsigned value = c1 ? static_cast<unsigned char>(text[++k]) : byte;
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", value);
      out += escaped;
    } else {
      out += text[k];
    }
  }
  return out;
}

// A Markdown table cell: a '|' would end it.
std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const char* verdict_colour(const std::string& verdict) {
  if (verdict == "PASS") return "\033[32m";
  if (verdict == "PASS_WITH_PACING") return "\033[33m";
  if (verdict == "FAIL") return "\033[31m";
  return "\033[35m";
}

}  // namespace

std::vector<std::string> compare_headers() { return {std::begin(kHeaders), std::end(kHeaders)}; }

std::vector<std::string> compare_cells(const CompareRow& r) {
  std::vector<std::string> values = {r.label,   r.ports,     r.api,    r.os, r.verdict, r.safe_pacing, r.only_with,
                                     r.largest_clean_sysex, r.loss_at_full_speed, r.os_time, r.latency, r.deviations};
  for (auto& v : values) v = shown(v);
  return values;
}

CompareRow compare_row(const ReportFile& report) {
  const nlohmann::json& j = report.json;
  try {
    CompareRow r;
    const auto& link = j.at("link");
    r.label = j.value("label", std::string());
    if (r.label.empty()) r.label = link.at("model").is_string() ? link.at("model").get<std::string>() : link.at("out").get<std::string>();
    r.ports = link.at("out").get<std::string>() + " -> " + link.at("in").get<std::string>();
    r.api = link.at("api").get<std::string>();
    r.os = j.value("host_os", std::string("?"));
    r.verdict = j.at("verdict").get<std::string>();
    r.safe_pacing = "-";
    r.os_time = "-";
    if (r.verdict == "PASS") {
      r.safe_pacing = pacing_text(Pacing{}, PacingForm::cell);
      r.os_time = fixed("%.1f min", static_cast<double>(wire_ns(kOsMessages * kOsMessageBytes,
                                                                j.at("wire_speed").get<double>())) / 60e9);
    } else if (r.verdict == "PASS_WITH_PACING" && report.advised) {
      r.safe_pacing = pacing_text(*report.advised, PacingForm::cell);
      r.os_time = fixed("%.1f min", j["advice"].at("os_transfer_minutes").at("advised").get<double>());
    }
    // Absent in reports written before conditions existed: those verdicts had none.
    r.only_with = "-";
    if (j.contains("conditions") && j["conditions"].is_array() && !j["conditions"].empty()) {
      r.only_with.clear();
      for (const auto& c : j["conditions"]) r.only_with += (r.only_with.empty() ? "" : "; ") + c.get<std::string>();
    }
    uint64_t largest = 0, lost = 0, sent = 0;
    std::vector<std::string> deviations;
    r.latency = "-";
    const auto& tests = j.at("tests");
    for (std::size_t k = 0; k < tests.size(); ++k) {
      const auto& t = tests.at(k);
      const auto& pacing = t.at("pacing");
      const bool full_speed = pacing.at("chunk_gap_us").get<int64_t>() == 0 && pacing.at("message_gap_us").get<int64_t>() == 0 &&
                              pacing.value("rate_bps", 0.0) == 0;
      const Shape shape = read_report_name<Shape>(t.at("shape"), "tests[" + std::to_string(k) + "].shape");
      const auto& e = t.at("errors");
      const bool pass = t.at("pass").get<bool>();
      if (full_speed && shape != Shape::probe) {
        sent += t.at("bytes_sent").get<uint64_t>();
        lost += e.at("dropped").get<uint64_t>() + e.at("inserted").get<uint64_t>() + e.at("corrupted").get<uint64_t>();
      }
      if (full_speed && shape == Shape::single && pass) {
        largest = std::max<uint64_t>(largest, t.at("size_bytes").get<uint64_t>());
      }
      // With PASS_WITH_PACING every failed test passed again at the safe pacing: overflow, not a deviation.
      if (!pass && r.verdict != "PASS_WITH_PACING" &&
          (shape == Shape::realtime_in_sysex || shape == Shape::running_status)) {
        deviations.push_back(std::string(shape_name(shape)));
      }
      if (shape == Shape::probe && t.contains("latency") && t["latency"].at("probes_returned").get<int>() > 0) {
        const auto& l = t["latency"];
        r.latency = fixed("%.1f", l.at("median_ms").get<double>()) + "/" +
                    fixed("%.1f ms", l.value("p99_ms", l.at("max_ms").get<double>()));
      }
    }
    // Version 2 reports name every deviation from MIDI 1.0 and the 3-byte latency profile; version
    // 1 reports only had the probe's latency and the two realtime and running-status tests.
    if (j.contains("compliance") && j["compliance"].is_array() && !j["compliance"].empty()) {
      deviations.clear();
      for (const auto& c : j["compliance"]) {
        if (!c.at("pass").get<bool>() && c.at("deviation").is_string()) {
          deviations.push_back(c["deviation"].get<std::string>());
        }
      }
    }
    if (j.contains("latency") && j["latency"].is_object() && j["latency"].at("probes_returned").get<int>() > 0) {
      const auto& l = j["latency"];
      r.latency = fixed("%.1f", l.at("median_ms").get<double>()) + "/" + fixed("%.1f ms", l.at("p99_ms").get<double>());
      if (l.at("over_threshold").get<bool>()) r.latency += " (slow)";
    }
    r.largest_clean_sysex = largest ? std::to_string(largest) + " B" : "-";
    r.loss_at_full_speed = sent ? fixed("%.1f %%", 100.0 * static_cast<double>(lost) / static_cast<double>(sent)) : "-";
    std::string joined;
    for (const auto& d : deviations) joined += (joined.empty() ? "" : ", ") + d;
    r.deviations = joined.empty() ? "none" : joined;
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw ReportFileError("report '" + report.path + "' lacks what compare needs: " + e.what());
  } catch (const std::runtime_error& e) {  // a name the field's set does not hold
    throw ReportFileError("report '" + report.path + "': " + e.what());
  }
}

std::string render_comparison(const std::vector<CompareRow>& rows, CompareFormat format, bool colour) {
  std::string out;
  if (format == CompareFormat::json) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json o;
      const auto values = compare_cells(r);
      for (std::size_t k = 0; k < values.size(); ++k) o[kHeaders[k]] = values[k];
      array.push_back(o);
    }
    return array.dump(2) + "\n";
  }
  if (format == CompareFormat::csv) {
    for (std::size_t k = 0; k < std::size(kHeaders); ++k) out.append(k ? "," : "").append(csv_cell(kHeaders[k]));
    out += "\n";
    for (const auto& r : rows) {
      const auto values = compare_cells(r);
      for (std::size_t k = 0; k < values.size(); ++k) out.append(k ? "," : "").append(csv_cell(values[k]));
      out += "\n";
    }
    return out;
  }
  if (format == CompareFormat::md) {
    out += "|";
    for (const char* h : kHeaders) out += std::string(" ") + h + " |";
    out += "\n|";
    for (std::size_t k = 0; k < std::size(kHeaders); ++k) out += "---|";
    out += "\n";
    for (const auto& r : rows) {
      out += "|";
      for (const auto& v : compare_cells(r)) out += " " + md_cell(v) + " |";
      out += "\n";
    }
    return out;
  }
  // Text: one interface per column, one property per line, so many columns still fit a terminal.
  std::size_t name_width = 0;
  for (const char* h : kHeaders) name_width = std::max(name_width, std::string(h).size());
  std::vector<std::size_t> widths(rows.size(), 0);
  for (std::size_t c = 0; c < rows.size(); ++c) {
    for (const auto& v : compare_cells(rows[c])) widths[c] = std::max(widths[c], v.size());
  }
  for (std::size_t k = 0; k < std::size(kHeaders); ++k) {
    std::string line = kHeaders[k];
    line.resize(name_width + 2, ' ');
    for (std::size_t c = 0; c < rows.size(); ++c) {
      std::string v = compare_cells(rows[c])[k];
      const std::size_t pad = widths[c] + 2 - v.size();
      if (colour && k == kCompareVerdictColumn) v = verdict_colour(v) + v + "\033[0m";
      line += v + std::string(c + 1 < rows.size() ? pad : 0, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace midiloop
