#include "reports/report_json.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <span>
#include <stdexcept>

namespace midiloop {

namespace {
nlohmann::json pacing_json(const Pacing& p) {
  return {{"chunk_bytes", p.chunk_bytes},
          {"chunk_gap_us", p.chunk_gap_us},
          {"message_gap_us", p.message_gap_us},
          {"rate_bps", p.rate_bps}};
}

nlohmann::json test_json(const TestResult& t) {
  using nlohmann::json;
  json test = {
      {"id", t.id},
      {"shape", shape_name(t.shape)},
      {"payload", payload_name(t.payload)},
      {"size_bytes", t.message_bytes},
      {"messages", t.messages},
      {"pacing", pacing_json(t.pacing)},
      {"achieved_pacing",
       {{"chunks", t.achieved.chunks},
        {"start_error_p50_us", t.achieved.start_error_p50_us},
        {"start_error_p99_us", t.achieved.start_error_p99_us},
        {"offered_bps", t.achieved.offered_bps}}},
      {"bytes_sent", t.bytes_sent},
      {"bytes_received", t.bytes_received},
      {"carried_over_bytes", t.carried_over_bytes},
      {"errors",
       {{"dropped", t.errors.dropped},
        {"inserted", t.errors.inserted},
        {"corrupted", t.errors.corrupted},
        {"messages_missing", t.errors.messages_missing},
        {"messages_truncated", t.errors.messages_truncated},
        {"messages_duplicated", t.errors.messages_duplicated},
        {"messages_merged", t.errors.messages_merged},
        {"messages_corrupted", t.errors.messages_corrupted}}},
      {"first_error_offset", t.first_error_offset ? json(*t.first_error_offset) : json(nullptr)},
      {"duration_ms", t.duration_ms},
      {"throughput_bps", t.throughput_bps},
      {"wire_share", t.wire_share},
      {"faster_than_wire", t.faster_than_wire},
      {"host_trouble", t.host_trouble ? json(t.host_trouble_text) : json(nullptr)},
      {"attempts", t.attempts},
      {"interrupted", t.interrupted},
      {"pass", t.pass},
  };
  if (t.first_error_offset) {
    test["first_error_hex"] = {{"sent", t.first_error_sent_hex}, {"received", t.first_error_received_hex}};
  }
  if (t.realtime.any()) {
    test["realtime"] = {{"sent", t.realtime.sent},
                        {"received", t.realtime.received},
                        {"lost", t.realtime.lost},
                        {"added", t.realtime.added},
                        {"moved", t.realtime.moved},
                        {"sysex_ended", t.realtime.sysex_ended},
                        {"sysex_damaged", t.realtime.sysex_damaged}};
  }
  if (t.latency) {
    test["latency"] = {{"probes_sent", t.latency->probes_sent},
                       {"probes_returned", t.latency->probes_returned},
                       {"min_ms", t.latency->min_ms},
                       {"median_ms", t.latency->median_ms},
                       {"p99_ms", t.latency->p99_ms},
                       {"max_ms", t.latency->max_ms}};
  }
  return test;
}

nlohmann::json advice_json(const Advice& a) {
  return {
      {"pacing", pacing_json(a.pacing)},
      {"midi_ox", {{"buffer_bytes", a.tools.midi_ox_buffer_bytes}, {"delay_ms", a.tools.midi_ox_delay_ms}}},
      {"sysex_librarian",
       {{"buffer_bytes", a.tools.sysex_librarian_buffer_bytes}, {"speed_bps", a.tools.sysex_librarian_speed_bps}}},
      {"amidi", {{"interval_ms", a.tools.amidi_interval_ms}, {"largest_message_bytes", a.tools.amidi_largest_message}}},
      {"os_transfer_minutes", {{"advised", a.os_minutes_advised}, {"full_speed", a.os_minutes_full_speed}}}};
}

nlohmann::json compliance_json(const ComplianceResult& c) {
  using nlohmann::json;
  return {{"id", c.id},
          {"group", message_group_name(c.group)},
          {"expectation", c.expectation},
          {"pass", c.pass},
          {"interrupted", c.interrupted},
          {"deviation", c.deviation.empty() ? json(nullptr) : json(c.deviation)},
          {"effect", c.effect ? json(effect_name(*c.effect)) : json(nullptr)},
          {"consequence", c.consequence.empty() ? json(nullptr) : json(c.consequence)},
          {"sent_hex", c.sent_hex},
          {"received_hex", c.received_hex}};
}

nlohmann::json latency_json(const LatencyProfile& l) {
  return {{"message", l.message},
          {"probes_sent", l.probes_sent},
          {"probes_returned", l.probes_returned},
          {"min_ms", l.min_ms},
          {"median_ms", l.median_ms},
          {"mean_ms", l.mean_ms},
          {"p99_ms", l.p99_ms},
          {"max_ms", l.max_ms},
          {"jitter_ms", l.jitter_ms},
          {"histogram", {{"bin_ms", l.histogram_bin_ms}, {"counts", l.histogram}}},
          {"threshold_ms", l.threshold_ms},
          {"over_threshold", l.over_threshold},
          {"host_delay_ms", l.host_delay_ms},
          {"wire_floor_ms", l.wire_floor_ms},
          {"below_wire_floor", l.below_wire_floor},
          {"interrupted", l.interrupted}};
}

nlohmann::json step_json(const ThroughputStep& s) {
  nlohmann::json step = {{"requested_share", s.requested_share}, {"requested_bps", s.requested_bps},
                         {"offered_bps", s.offered_bps},         {"delivered_bps", s.delivered_bps},
                         {"bytes_sent", s.bytes_sent},           {"bytes_received", s.bytes_received},
                         {"bytes_lost", s.bytes_lost},           {"faster_than_wire", s.faster_than_wire},
                         {"interrupted", s.interrupted}};
  // Only when it happened: reports of undisturbed runs read as before.
  if (s.host_trouble) step["host_trouble"] = true;
  return step;
}

nlohmann::json link_json(const LinkRecord& link) {
  using nlohmann::json;
  return {{"kind", link.kind},
          {"api", link.api},
          {"out", link.out},
          {"in", link.in},
          {"model", link.model.empty() ? json(nullptr) : json(link.model)},
          {"timestamps", link.timestamps ? timestamp_source_name(*link.timestamps) : ""},
          {"resolution_ns", link.resolution_ns},
          {"host_delay_ns", link.host_delay_ns},
          {"period_frames", link.period_frames},
          {"sample_rate", link.sample_rate},
          {"host_model", link.host_model.empty() ? json(nullptr) : json(link.host_model)},
          {"sends",
           {{"max_bytes", link.max_send_bytes},
            {"min_sysex_piece_bytes", link.min_sysex_piece_bytes},
            {"whole_sysex", link.whole_sysex}}}};
}

nlohmann::json tool_to_json(const Report& report) {
  nlohmann::json tool = {{"name", report.tool_name}, {"version", report.tool_version}};
  if (!report.tool_revision.empty()) tool["revision"] = report.tool_revision;
  return tool;
}

}  // namespace

nlohmann::json report_to_json(const Report& report) {
  using nlohmann::json;
  json tests = json::array();
  for (const TestResult& t : report.tests) tests.push_back(test_json(t));
  json search = json::array();
  for (const PacingTrial& t : report.pacing_search) {
    search.push_back({{"phase", trial_phase_name(t.phase)},
                      {"pacing", pacing_json(t.pacing)},
                      {"lossless", t.lossless},
                      {"bytes_lost", t.bytes_lost},
                      {"host_trouble", t.host_trouble},
                      {"interrupted", t.interrupted}});
  }
  json compliance = json::array();
  for (const ComplianceResult& c : report.compliance) compliance.push_back(compliance_json(c));
  json throughput = nullptr;
  if (report.throughput) {
    json steps = json::array();
    for (const ThroughputStep& s : report.throughput->steps) steps.push_back(step_json(s));
    throughput = {{"steps", std::move(steps)},
                  {"drain_bps", report.throughput->drain_bps},
                  {"back_pressure", back_pressure_name(report.throughput->back_pressure)}};
  }
  return {
      {"schema_version", report.schema_version},
      {"compliance", std::move(compliance)},
      {"latency", report.latency ? latency_json(*report.latency) : json(nullptr)},
      {"throughput", std::move(throughput)},
      {"pacing_search", std::move(search)},
      {"advice", report.advice ? advice_json(*report.advice) : json(nullptr)},
      {"tool", tool_to_json(report)},
      {"label", report.label},
      {"host_os", report.host_os},
      {"started_at", report.started_at},
      {"clock", report.clock},
      {"link", link_json(report.link)},
      {"host", {{"xruns", report.host_xruns}, {"bytes_lost", report.host_bytes_lost}}},
      {"suite", report.suite},
      {"seed", report.seed},
      {"wire_speed", report.wire_speed},
      {"verdict", std::string(verdict_name(report.verdict))},
      {"verdict_text", report.verdict_text},
      {"conditions", report.conditions},
      {"estimated_buffer_bytes",
       report.estimated_buffer_bytes ? json(*report.estimated_buffer_bytes) : json(nullptr)},
      {"partial", report.partial},
      {"stopped", report.stopped ? json(stop_reason_name(*report.stopped)) : json(nullptr)},
      {"tests", std::move(tests)},
  };
}

namespace {

// A closed set of the report: its members and the function that names them.
template <const auto& kMembers, auto kName>
struct Members {
  static constexpr std::span all{kMembers};
  static constexpr auto name = kName;
};
template <typename E>
struct NameSet;
template <> struct NameSet<StopReason> : Members<kAllStopReasons, stop_reason_name> {};
template <> struct NameSet<BackPressure> : Members<kAllBackPressures, back_pressure_name> {};
template <> struct NameSet<TrialPhase> : Members<kAllTrialPhases, trial_phase_name> {};
template <> struct NameSet<Effect> : Members<kAllEffects, effect_name> {};
template <> struct NameSet<Shape> : Members<kAllShapes, shape_name> {};
template <> struct NameSet<Payload> : Members<kAllPayloads, payload_name> {};
template <> struct NameSet<MessageGroup> : Members<kAllMessageGroups, message_group_name> {};
template <> struct NameSet<TimestampSource> : Members<kAllTimestampSources, timestamp_source_name> {};

}  // namespace

template <typename E>
std::optional<E> from_report_name(std::string_view name) {
  for (E member : NameSet<E>::all) {
    if (NameSet<E>::name(member) == name) return member;
  }
  return std::nullopt;
}

template <typename E>
E read_report_name(const nlohmann::json& value, std::string_view field) {
  if (value.is_string()) {
    if (const auto member = from_report_name<E>(value.get<std::string>())) return *member;
  }
  std::string known;
  for (E member : NameSet<E>::all) known += (known.empty() ? "" : ", ") + std::string(NameSet<E>::name(member));
  throw std::runtime_error(std::string(field) + ": " + value.dump() + " is none of the names it may hold (" + known +
                           ")");
}

// Both readers for each set that NameSet names.
#define MIDILOOP_READ_NAMES(E)                                      \
  template std::optional<E> from_report_name<E>(std::string_view); \
  template E read_report_name<E>(const nlohmann::json&, std::string_view)
MIDILOOP_READ_NAMES(StopReason);
MIDILOOP_READ_NAMES(BackPressure);
MIDILOOP_READ_NAMES(TrialPhase);
MIDILOOP_READ_NAMES(Effect);
MIDILOOP_READ_NAMES(Shape);
MIDILOOP_READ_NAMES(Payload);
MIDILOOP_READ_NAMES(MessageGroup);
MIDILOOP_READ_NAMES(TimestampSource);
#undef MIDILOOP_READ_NAMES

void write_report_atomically(const Report& report, const std::string& path) {
  write_file_atomically(path, report_to_json(report).dump(2) + "\n", "report");
}

}  // namespace midiloop
