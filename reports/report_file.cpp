#include "reports/report_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace midiloop {
namespace {

nlohmann::json parse_report(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ReportFileError("cannot read report '" + path + "': " + std::strerror(errno));
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
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

Pacing pacing_of(const nlohmann::json& p) {
  return Pacing{p.at("chunk_bytes").get<uint32_t>(), p.at("chunk_gap_us").get<int64_t>(),
                p.at("message_gap_us").get<int64_t>(), p.value("rate_bps", 0.0)};
}

// The fields every command relies on; throws ReportFileError naming what is wrong.
void read_fields(const nlohmann::json& j, ReportFile& r) {
  const auto verdict = verdict_from_name(j.value("verdict", std::string()));
  if (!verdict) fail(r, "no verdict");
  r.verdict = *verdict;
  // Absent before conditions existed (those reports never had one).
  if (j.contains("conditions") && j["conditions"].is_array()) {
    for (const auto& c : j["conditions"]) {
      if (!c.is_string()) fail(r, "a condition is not a string");
      r.conditions.push_back(c.get<std::string>());
    }
  }
  if (j.contains("link") && j["link"].is_object()) r.out_port = j["link"].value("out", std::string());
  try {
    if (j.contains("advice") && j["advice"].is_object()) r.advised = pacing_of(j["advice"].at("pacing"));
    if (j.contains("pacing_search") && j["pacing_search"].is_array()) {
      for (const auto& t : j["pacing_search"]) {
        if (!t.value("lossless", true)) r.lossy.push_back(pacing_of(t.at("pacing")));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    fail(r, std::string("a pacing is incomplete: ") + e.what());
  }
}

}  // namespace

ReportFile read_report_file(const std::string& path) {
  ReportFile r;
  r.path = path;
  r.json = parse_report(path);
  try {
    read_fields(r.json, r);
  } catch (const nlohmann::json::exception& e) {
    fail(r, e.what());
  }
  return r;
}

}  // namespace midiloop
