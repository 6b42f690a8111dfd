#pragma once
// The report model: plain data, written as JSON (docs/report.schema.json) and rendered as text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/message_group.hpp"
#include "patterns/pacing.hpp"
#include "patterns/payload.hpp"
#include "patterns/shape.hpp"
#include "patterns/timestamp_source.hpp"

namespace midiloop {

// 2 added compliance, latency and throughput; version 1 reports are still read.
inline constexpr int kSchemaVersion = 2;
inline constexpr int kOldestSchemaVersion = 1;

enum class Verdict { pass, pass_with_pacing, fail, no_loop, not_din, incomplete };

std::string_view verdict_name(Verdict verdict);  // "PASS", "NO_LOOP", ...
std::optional<Verdict> verdict_from_name(std::string_view name);

// The report's other closed sets. Each name function gives the name the report's JSON uses
// (docs/report.schema.json) and the text prints; reading a name back is reports/report_json's.
// Shape, Payload, MessageGroup and TimestampSource are the plan's and the links' as well: they and
// their names are in patterns/.

// Why a run stopped early (Report::stopped): Ctrl-C or SIGTERM; the loop stopped returning data
// mid-run (port gone, server stopped, cable pulled); or the host disturbed tests that showed
// errors, twice each, so no verdict can rest on them.
enum class StopReason { interrupted, loop_lost, host_trouble };
inline constexpr StopReason kAllStopReasons[] = {StopReason::interrupted, StopReason::loop_lost,
                                                 StopReason::host_trouble};
std::string_view stop_reason_name(StopReason reason);  // "interrupted", "loop_lost", "host_trouble"

// Offered more than the wire carries, an interface holds the host back (nothing lost), takes the
// data and drops what does not fit, or takes it all into its buffer; or it was not measured.
enum class BackPressure { unknown, holds_back, drops, buffers };
inline constexpr BackPressure kAllBackPressures[] = {BackPressure::unknown, BackPressure::holds_back,
                                                     BackPressure::drops, BackPressure::buffers};
std::string_view back_pressure_name(BackPressure back_pressure);  // "unknown", "holds-back", "drops", "buffers"

// A step of the pacing search: a search step, the first confirmation of a pacing, or a repetition.
enum class TrialPhase { search, confirm, repeat };
inline constexpr TrialPhase kAllTrialPhases[] = {TrialPhase::search, TrialPhase::confirm, TrialPhase::repeat};
std::string_view trial_phase_name(TrialPhase phase);  // "search", "confirm", "repeat"

// What a deviation from MIDI 1.0 touches: nothing that matters, live playing and sync, or SysEx
// transfers (firmware, patches).
enum class Effect { harmless, playing, transfers };
inline constexpr Effect kAllEffects[] = {Effect::harmless, Effect::playing, Effect::transfers};
std::string_view effect_name(Effect effect);  // "harmless", "playing", "transfers"


// The link the run went through, as Link::info() described it (tester/engine/link.hpp).
struct LinkRecord {
  std::string kind;   // "rtmidi" or "emulated"
  std::string api;    // RtMidi API name, or "virtual"
  std::string out;    // port name
  std::string in;     // port name
  std::string model;  // emulated model with its parameters; empty for real ports
  std::optional<TimestampSource> timestamps;  // how arrival times are taken; none when not said
  int64_t resolution_ns = 0;  // finest step of those times; every timing judgement allows for it
  // The host's own share of a round trip, removed from latency figures: a loop through JACK
  // clients is read back one period after it was written (the graph cannot run a cycle twice).
  int64_t host_delay_ns = 0;
  uint32_t period_frames = 0;  // JACK only
  uint32_t sample_rate = 0;    // JACK only
  std::string host_model;      // emulated host between midiloop and the model ("" for none)
  // What one send could be on this host (tester/engine/link.hpp SendLimits): every pacing in the
  // report was cut within these, so its chunk size is what left. 0 when not said (older reports).
  uint64_t max_send_bytes = 0;
  uint64_t min_sysex_piece_bytes = 0;
  bool whole_sysex = false;  // each SysEx left in one send, whatever the chunk size (then 0)
};

struct ErrorCounts {
  uint64_t dropped = 0;
  uint64_t inserted = 0;
  uint64_t corrupted = 0;
  uint64_t messages_missing = 0;
  uint64_t messages_truncated = 0;
  uint64_t messages_duplicated = 0;
  uint64_t messages_merged = 0;
  uint64_t messages_corrupted = 0;  // header intact, payload checksum wrong
  bool any() const {
    return dropped || inserted || corrupted || messages_missing || messages_truncated || messages_duplicated ||
           messages_merged || messages_corrupted;
  }
};

// Realtime bytes (0xF8-0xFF: clock, start, stop, Active Sensing) in a test. They are not SysEx
// data, so what an interface does with them is counted here and never in ErrorCounts or `pass`:
// SysEx integrity is judged on the SysEx bytes alone.
struct RealtimeCounts {
  uint64_t sent = 0;      // realtime bytes sent (the suite sends them inside SysEx)
  uint64_t received = 0;  // realtime bytes that came back
  uint64_t lost = 0;      // sent, never came back
  uint64_t added = 0;     // came back, never sent
  // Came back, but not in the SysEx message they were sent in, or more than 4 SysEx bytes earlier
  // (two class-compliant USB hops move one up to 2 bytes each) or later than sent.
  uint64_t moved = 0;
  // Only when every SysEx error of the test lies where a realtime byte was sent (else both 0): the
  // places where a realtime byte ended the SysEx (it stopped there, the rest of it lost) and where
  // it damaged it (a few bytes there lost, added or changed). Without realtime bytes inside, such a
  // test would have passed.
  uint64_t sysex_ended = 0;
  uint64_t sysex_damaged = 0;
  bool any() const { return sent || received; }
};

// What the pacing really was: chunk start time minus the time the pacing asked for.
struct AchievedPacing {
  uint32_t chunks = 0;
  double start_error_p50_us = 0;
  double start_error_p99_us = 0;
  double offered_bps = 0;  // bytes handed to the interface per second of sending
};

struct LatencyStats {
  uint32_t probes_sent = 0;
  uint32_t probes_returned = 0;
  double min_ms = 0;
  double median_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

struct TestResult {
  std::string id;
  Shape shape = Shape::single;
  Payload payload = Payload::random;
  uint32_t message_bytes = 0;
  uint32_t messages = 0;
  Pacing pacing;
  AchievedPacing achieved;
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
  uint64_t carried_over_bytes = 0;  // arrived first but belong to an earlier test; not counted here
  ErrorCounts errors;                          // of the SysEx (and channel) bytes; realtime bytes apart
  RealtimeCounts realtime;
  std::optional<uint64_t> first_error_offset;  // into the sent stream
  std::string first_error_sent_hex;            // bytes around it, as sent
  std::string first_error_received_hex;        // and as received
  double duration_ms = 0;                      // first byte sent to last byte back
  double throughput_bps = 0;                   // bytes that crossed the wire per second of duration_ms
  double wire_share = 0;                       // throughput / (3125 B/s x wire speed)
  bool faster_than_wire = false;
  std::optional<LatencyStats> latency;         // probes only
  // The host lost or delayed data during this test (JACK xruns, a refused write, an input buffer
  // overflow) on both tries: the result says nothing about the interface and is not counted.
  bool host_trouble = false;
  std::string host_trouble_text;  // what the host did, in words
  uint32_t attempts = 1;          // 2 when the first try was hit by host trouble
  bool interrupted = false;
  bool pass = false;
};

// One step of the pacing search, as recorded in the report.
struct PacingTrial {
  TrialPhase phase = TrialPhase::search;
  Pacing pacing;
  bool lossless = false;
  uint64_t bytes_lost = 0;  // dropped + inserted + corrupted
  bool host_trouble = false;  // the host disturbed it twice (xruns, lost bytes): proves nothing
  bool interrupted = false;
};

// The recommended pacing as the settings of the tools people send firmware with.
struct ToolSettings {
  uint32_t midi_ox_buffer_bytes = 0;
  double midi_ox_delay_ms = 0;        // between buffers
  uint32_t sysex_librarian_buffer_bytes = 0;
  double sysex_librarian_speed_bps = 0;
  double amidi_interval_ms = 0;       // amidi -i: pause after each whole SysEx message
  uint32_t amidi_largest_message = 0; // amidi sends whole messages: only safe up to this size
};

struct Advice {
  Pacing pacing;
  ToolSettings tools;
  double os_minutes_advised = 0;     // Machinedrum OS (~1.63 MB, 111-byte messages) at the advice
  double os_minutes_full_speed = 0;  // and at full wire speed (the minimum, ~8.7 minutes)
};

// One MIDI 1.0 compliance check: what the spec expects and, when the interface deviates, the
// deviation's name and what it means for the user.
struct ComplianceResult {
  std::string id;           // "realtime/in-sysex"
  MessageGroup group = MessageGroup::channel_voice;
  std::string expectation;  // the spec's expected behaviour, in words
  bool pass = false;
  bool interrupted = false;
  std::string deviation;    // "" when it passed: "strips-realtime-in-sysex", ...
  std::optional<Effect> effect;  // none when it passed
  std::string consequence;  // plain words: "clock sent during a SysEx never arrives: ..."
  std::string sent_hex;     // what was sent and what came back (shortened when long)
  std::string received_hex;
};

// Round trips of single short messages, each identifiable (docs/background.md §7).
struct LatencyProfile {
  std::string message;  // what a probe was, e.g. "note-on (3 bytes)"
  uint32_t probes_sent = 0;
  uint32_t probes_returned = 0;
  double min_ms = 0;
  double median_ms = 0;
  double mean_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double jitter_ms = 0;  // standard deviation
  double histogram_bin_ms = 0;
  std::vector<uint32_t> histogram;  // counts per bin; bin k covers [k, k+1) x histogram_bin_ms
  double threshold_ms = 6;          // worst case above this is flagged (alsa-midi-latency-test)
  bool over_threshold = false;
  double host_delay_ms = 0;  // the host's share of each round trip, already taken off the figures above
  // Round trips shorter than the message's own wire time (less the timing resolution): no DIN
  // cable is that fast, so these are a software loop or a host delay the tool got wrong, never
  // the interface's latency.
  uint32_t below_wire_floor = 0;
  double wire_floor_ms = 0;
  bool interrupted = false;
};

// One step of the throughput curve: SysEx offered at a share of the wire rate.
struct ThroughputStep {
  double requested_share = 0;  // of the wire rate (3125 B/s x wire speed)
  double requested_bps = 0;
  double offered_bps = 0;      // what the interface took from the host: lower under back-pressure
  double delivered_bps = 0;    // intact bytes back per second, first send to last arrival
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
  uint64_t bytes_lost = 0;     // dropped + inserted + corrupted
  bool faster_than_wire = false;
  // The host lost or delayed data during it on both tries: neither its rate nor its loss is the
  // interface's, and nothing is concluded from it.
  bool host_trouble = false;
  bool interrupted = false;
};

struct ThroughputCurve {
  std::vector<ThroughputStep> steps;
  double drain_bps = 0;  // the fastest intact delivery seen: the interface's real drain rate
  // Above the wire rate: the host is slowed, nothing lost (holds_back); takes data faster than
  // the wire and loses it (drops); took it faster, lost nothing in this size (buffers).
  BackPressure back_pressure = BackPressure::unknown;
};

struct Report {
  int schema_version = kSchemaVersion;
  std::string tool_name = "midiloop";
  std::string tool_version;
  std::string tool_revision;  // the commit midiloop was built from; "" when it was built outside git
  std::string label;       // the interface's name, as the user gave it (run --label)
  std::string host_os;     // e.g. "Linux 6.1.0"
  std::string started_at;  // UTC, ISO 8601
  std::string clock;       // "steady_clock" or "virtual"
  LinkRecord link;
  uint64_t host_xruns = 0;       // over the whole run: cycles the JACK server missed
  uint64_t host_bytes_lost = 0;  // over the whole run: bytes the host lost on its own
  std::string suite;
  uint64_t seed = 0;
  double wire_speed = 1.0;
  Verdict verdict = Verdict::incomplete;
  std::string verdict_text;
  // What the verdict holds only under, in plain words, the way PASS_WITH_PACING states settings:
  // "MIDI clock ... stopped during the transfer". Empty for an unconditional verdict.
  std::vector<std::string> conditions;
  // Where losses begin in a burst: about the interface's buffer when it has no back-pressure.
  std::optional<uint64_t> estimated_buffer_bytes;
  bool partial = false;  // stopped early: tests holds what finished
  std::optional<StopReason> stopped;  // why the run stopped early; none when it did not
  std::vector<TestResult> tests;
  std::vector<PacingTrial> pacing_search;  // empty unless a full-speed test failed
  std::optional<Advice> advice;            // with PASS_WITH_PACING
  std::vector<ComplianceResult> compliance;  // empty when the run stopped before the checks
  std::optional<LatencyProfile> latency;
  std::optional<ThroughputCurve> throughput;
};

}  // namespace midiloop
