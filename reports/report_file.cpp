#include "reports/report_file.hpp"

#include <cerrno>
#include <cstring>
#include <span>
#include <vector>

#include "patterns/quantity.hpp"
#include "reports/user_file.hpp"

namespace midiloop {
namespace {

// Reports are a few hundred KB; this bounds what a wrong file can cost.
constexpr std::size_t kLargestReportBytes = 64u << 20;

nlohmann::json parse_report(std::span<const uint8_t> bytes, const std::string& path) {
  nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded()) {
    throw ReportFileError("report '" + path + "' is not JSON (or is truncated); run 'midiloop run' again");
  }
  if (!j.is_object() || !j.contains("schema_version") || !j["schema_version"].is_number_integer()) {
    throw ReportFileError("report '" + path + "': no schema_version: not a midiloop report");
  }
  const int version = j["schema_version"].get<int>();
  if (version < kOldestSchemaVersion || version > kSchemaVersion) {
    throw ReportFileError("report '" + path + "': schema version " + std::to_string(version) +
                          "; this midiloop reads versions " + std::to_string(kOldestSchemaVersion) + " to " +
                          std::to_string(kSchemaVersion) +
                          (version > kSchemaVersion ? " (the report is from a newer midiloop: update)" : ""));
  }
  return j;
}

[[noreturn]] void fail(const ReportFile& r, const std::string& what) {
  throw ReportFileError("report '" + r.path + "': " + what);
}

// A number of the report at `where`, checked as the quantity it is; 0 too when `zero_means_none`
// (a pacing without a rate, chunks as large as the link takes).
double number_of(const ReportFile& r, const nlohmann::json& parent, const char* key, const std::string& where,
                 const Quantity& quantity, bool zero_means_none) {
  const std::string field = where.empty() ? key : where + "." + key;
  if (!parent.contains(key)) fail(r, field + " is missing");
  if (!parent[key].is_number()) fail(r, field + " is not a number");
  const double value = parent[key].get<double>();
  if (zero_means_none && value == 0) return 0;
  try {
    return check_quantity(value, quantity, field);
  } catch (const QuantityError& e) {
    fail(r, e.what());
  }
}

Pacing pacing_of(const ReportFile& r, const nlohmann::json& parent, const std::string& where) {
  if (!parent.contains("pacing")) fail(r, where + ".pacing is missing");
  const nlohmann::json& p = parent["pacing"];
  const std::string at = where + ".pacing";
  if (!p.is_object()) fail(r, at + " is not a pacing");
  Pacing pacing;
  // The advice and the search always name a chunk size (never 0, "as large as the link takes").
  pacing.chunk_bytes = static_cast<uint32_t>(number_of(r, p, "chunk_bytes", at, kChunkBytes, false));
  pacing.chunk_gap_us = static_cast<int64_t>(number_of(r, p, "chunk_gap_us", at, kGapMicroseconds, false));
  pacing.message_gap_us = static_cast<int64_t>(number_of(r, p, "message_gap_us", at, kGapMicroseconds, false));
  if (p.contains("rate_bps")) pacing.rate_bps = number_of(r, p, "rate_bps", at, kRateBps, true);
  return pacing;
}

// The fields every command relies on; throws ReportFileError naming the field and what is wrong.
void read_fields(const nlohmann::json& j, ReportFile& r) {
  if (!j.contains("verdict") || !j["verdict"].is_string()) fail(r, "verdict is missing or not a word");
  const auto verdict = verdict_from_name(j["verdict"].get<std::string>());
  if (!verdict) fail(r, "verdict '" + j["verdict"].get<std::string>() + "' is not one midiloop gives");
  r.verdict = *verdict;
  if (j.contains("wire_speed")) number_of(r, j, "wire_speed", "", kWireSpeed, false);
  if (j.contains("tests") && !j["tests"].is_array()) fail(r, "tests is not a list");
  // Absent before conditions existed (those reports never had one).
  if (j.contains("conditions")) {
    if (!j["conditions"].is_array()) fail(r, "conditions is not a list");
    for (const auto& c : j["conditions"]) {
      if (!c.is_string()) fail(r, "a condition is not a string");
      r.conditions.push_back(c.get<std::string>());
    }
  }
  if (j.contains("link") && j["link"].is_object() && j["link"].contains("out")) {
    if (!j["link"]["out"].is_string()) fail(r, "link.out is not a port name");
    r.out_port = j["link"]["out"].get<std::string>();
  }
  if (j.contains("advice") && !j["advice"].is_null()) {
    if (!j["advice"].is_object()) fail(r, "advice is not an object");
    r.advised = pacing_of(r, j["advice"], "advice");
  }
  if (j.contains("pacing_search")) {
    if (!j["pacing_search"].is_array()) fail(r, "pacing_search is not a list");
    for (std::size_t k = 0; k < j["pacing_search"].size(); ++k) {
      const nlohmann::json& trial = j["pacing_search"][k];
      const std::string where = "pacing_search[" + std::to_string(k) + "]";
      if (!trial.is_object()) fail(r, where + " is not a trial");
      const bool lossless = !trial.contains("lossless") || (trial["lossless"].is_boolean() && trial["lossless"].get<bool>());
      if (trial.contains("lossless") && !trial["lossless"].is_boolean()) fail(r, where + ".lossless is not true or false");
      if (!lossless) r.lossy.push_back(pacing_of(r, trial, where));
    }
  }
}

}  // namespace

ReportFile read_report_text(std::span<const uint8_t> bytes, const std::string& path) {
  ReportFile r;
  r.path = path;
  r.json = parse_report(bytes, path);
  read_fields(r.json, r);
  return r;
}

ReportFile read_report_file(const std::string& path) {
  std::vector<uint8_t> bytes;
  try {
    bytes = read_user_file(path, "report", kLargestReportBytes);
  } catch (const InputFileError& e) {
    throw ReportFileError(e.what());
  }
  return read_report_text(bytes, path);
}

}  // namespace midiloop
