#include "tester/runner/suite_runner.hpp"

#include <algorithm>
#include <ctime>
#include <functional>
#include <optional>

#include "tester/advisor/advisor.hpp"
#include "tester/analysis/case_analysis.hpp"
#include "tester/analysis/compliance_judging.hpp"
#include "tester/plan/search_trains.hpp"
#include "tester/runner/host.hpp"
#include "tester/runner/measurements.hpp"
#include "tester/advisor/pacing_search.hpp"
#include "patterns/framing.hpp"
#include "version.hpp"

namespace midiloop {

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  utc_calendar(now, tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

LinkRecord link_record(const Link& link) {
  const LinkInfo info = link.info();
  const SendLimits sends = send_limits_of(link);  // as the engine cuts
  return {info.kind,          info.api,         info.out,           info.in,
          info.model,         info.timestamps,  info.resolution_ns, info.host_delay_ns,
          info.period_frames, info.sample_rate, info.host_model,    sends.max_send,
          sends.min_sysex_piece, sends.whole_sysex};
}

namespace {

// The test id of a test's second try: far from every first try's.
uint32_t retry_id(uint32_t test_id) { return (test_id + kMaxTestId / 2) % kMaxTestId + 1; }

// What the host did between two readings of its counters, in words; "" when nothing.
std::string host_trouble(const HostCounters& before, const HostCounters& after) {
  std::string what;
  if (after.xruns > before.xruns) {
    what = "the JACK server missed " + std::to_string(after.xruns - before.xruns) +
           " cycle(s) (xruns): the computer was overloaded";
  }
  if (after.bytes_lost > before.bytes_lost) {
    what += (what.empty() ? "" : "; ") + std::string("the host lost ") +
            std::to_string(after.bytes_lost - before.bytes_lost) +
            " bytes on its own (a buffer overflowed or a write was refused)";
  }
  return what;
}

// The verdict text says which tests the host spoiled, so nobody reads them as the interface's.
void note_host_trouble(Report& report) {
  std::size_t n = 0;
  std::string first;
  for (const auto& t : report.tests) {
    if (!t.host_trouble) continue;
    if (n++ == 0) first = "'" + t.id + "': " + t.host_trouble_text;
  }
  if (n == 0) return;
  report.verdict_text.append(" ").append(std::to_string(n)).append(n == 1 ? " test was" : " tests were");
  report.verdict_text += " disturbed by the host on both tries and not counted for or against the interface (" +
                         first + "). Close other programs and run again for a full result.";
}

// What a pacing search trial sends in `phase`: once per rate, every test that failed at full speed.
std::vector<TestCase> trial_workload(TrialPhase phase, const Pacing& pacing, const std::vector<TestCase>& failed) {
  switch (phase) {
    case TrialPhase::search: return search_trains(pacing);
    case TrialPhase::confirm: return confirm_trains(failed, pacing);
    case TrialPhase::repeat: return repeat_trains(pacing);
  }
  return {};
}

// Runs `test`, and once more when the host lost or delayed data during it; disturbed on both tries
// it is marked host_trouble and never counted for or against the interface. `id_of(attempt)` gives
// each try's test id.
TestResult run_test(Engine& engine, Link& link, const TestCase& test, const std::function<uint32_t(uint32_t)>& id_of,
                    const RunSettings& settings) {
  TestResult result;
  std::string trouble;
  // Recorded as it leaves: a chunk size the link's host cannot send is not what the report claims.
  TestCase paced = test;
  paced.pacing = engine.effective(test.pacing);
  for (uint32_t attempt = 1; attempt <= 2; ++attempt) {
    const uint32_t id = id_of(attempt);
    const HostCounters before = link.host_counters();
    const auto sent = build_messages(paced, id, settings.seed);
    const Capture capture = paced.shape == Shape::probe ? engine.probe(sent) : engine.run(sent, paced.pacing);
    result = analyze_case(paced, id, capture, settings.wire_speed);
    result.attempts = attempt;
    trouble = host_trouble(before, counters_for_test(link.host_counters(), capture));
    if (trouble.empty() || capture.interrupted) break;
  }
  if (!trouble.empty() && !result.interrupted) {
    result.host_trouble = true;
    result.host_trouble_text = trouble;
  }
  return result;
}

// Escalation after a failure at full speed: the fastest pacing at which an OS-like workload and
// every test that failed come back intact, if there is one.
PacingSearchResult search_for_pacing(const Suite& suite, Engine& engine, Link& link, const RunSettings& settings,
                                     const std::vector<TestResult>& tests) {
  std::vector<TestCase> failed;
  for (std::size_t k : tests_to_confirm(tests)) failed.push_back(suite.cases[k]);
  uint32_t next_id = static_cast<uint32_t>(suite.cases.size()) + 1;
  auto id_of = [&](uint32_t) { return next_id++ % kMaxTestId + 1; };
  const TrialRunner trial = [&](const Pacing& pacing, TrialPhase phase) {
    PacingTrial t;
    t.lossless = true;
    for (const TestCase& test : trial_workload(phase, pacing, failed)) {
      if (t.interrupted) break;
      count_in_trial(t, run_test(engine, link, test, id_of, settings));
    }
    if (settings.on_trial) {
      PacingTrial shown = t;
      shown.phase = phase;
      shown.pacing = pacing;
      settings.on_trial(shown);
    }
    return t;
  };
  // Only chunk sizes the link's host really sends, each once (3 bytes is 4 on WinMM): the trace and
  // the advice then name what left.
  PacingSearchOptions options = pacing_search_options(tests, settings.wire_speed);
  std::vector<uint32_t> sizes;
  for (uint32_t chunk : options.chunk_sizes) {
    const uint32_t sent = engine.effective(Pacing{chunk, 0, 0, 0}).chunk_bytes;
    if (std::find(sizes.begin(), sizes.end(), sent) == sizes.end()) sizes.push_back(sent);
  }
  options.chunk_sizes = sizes;
  options.message_gap_us = settings.message_gap_us;
  if (settings.on_search_start) settings.on_search_start(most_trials(options));
  return search_pacing(trial, options);
}

// After a test that got nothing back although the probe did: a fresh probe tells a test that lost
// everything from a loop that is gone. Why the run stops, if it must.
std::optional<StopReason> check_loop(const Suite& suite, Engine& engine, uint64_t seed) {
  const auto probe_again = build_messages(suite.cases.front(), 1, seed);
  const Capture again = engine.probe({probe_again.front()});
  if (again.interrupted) return StopReason::interrupted;
  if (bytes_in(again.arrivals) == 0) return StopReason::loop_lost;
  return std::nullopt;
}

// The suite's tests in order, each into the report as it finishes; stops early when interrupted,
// when nothing comes back of the probe (no loop), or when the loop is lost.
void run_tests(const Suite& suite, Engine& engine, Link& link, const RunSettings& settings, Report& report) {
  for (std::size_t k = 0; k < suite.cases.size() && !report.stopped; ++k) {
    const TestCase& test = suite.cases[k];
    const auto test_id = static_cast<uint32_t>(k + 1);
    if (settings.on_case_start) settings.on_case_start(test, k, suite.cases.size());
    // The second try has test ids of its own: bytes of the first that arrive late are then seen
    // as another test's, never as this try's (they would look faster than the wire).
    auto id_of = [&](uint32_t attempt) { return attempt == 1 ? test_id : retry_id(test_id); };
    report.tests.push_back(run_test(engine, link, test, id_of, settings));
    if (settings.on_case_done) settings.on_case_done(report.tests.back());
    const TestResult& done = report.tests.back();
    if (done.interrupted) {
      report.stopped = StopReason::interrupted;
    } else if (done.bytes_received == 0) {
      if (test.shape == Shape::probe) break;  // NO_LOOP: there never was a loop
      // The probe came back, so there was a loop: is it still there?
      report.stopped = check_loop(suite, engine, settings.seed);
      if (report.stopped) break;
    }
    report.partial = true;
    report.verdict = Verdict::incomplete;
    report.verdict_text = explain_verdict(report, suite.cases.size());
    if (settings.on_partial && k + 1 < suite.cases.size()) settings.on_partial(report);
  }
}

// After the SysEx tests: the MIDI 1.0 compliance checks, latency of short messages, and the
// throughput curve. Returns false when interrupted.
bool characterize(const Suite& suite, Engine& engine, Link& link, const RunSettings& settings, Report& report) {
  auto save = [&] {
    report.verdict_text = explain_verdict(report, suite.cases.size());
    if (settings.on_partial) settings.on_partial(report);
  };
  auto stage = [&](const char* name) {
    if (settings.on_stage) settings.on_stage(name);
  };
  stage("compliance");
  report.compliance = run_compliance(engine, settings.wire_speed, settings.on_check);
  if (!report.compliance.empty() && report.compliance.back().interrupted) return false;
  if (const TestResult* largest = largest_sysex_test(report.tests)) {
    report.compliance.push_back(judge_largest_sysex(*largest));
    if (settings.on_check) settings.on_check(report.compliance.back());
  }
  save();
  stage("latency");
  report.latency = measure_latency(engine, suite.latency_probes);
  if (settings.on_latency) settings.on_latency(*report.latency);
  if (report.latency->interrupted) return false;
  save();
  stage("throughput");
  // Test ids well above the suite's, so no train is mistaken for another.
  // A train the host disturbed (xruns bunch arrivals: a loop looks faster than any wire) is sent
  // again, and set aside if disturbed twice, like a test.
  uint32_t next_id = static_cast<uint32_t>(suite.cases.size()) + 1000;
  const TrainRunner run_train = [&](const TestCase& train) {
    const uint32_t id = next_id++ % kMaxTestId + 1;
    return run_test(engine, link, train, [&](uint32_t attempt) { return attempt == 1 ? id : retry_id(id); }, settings);
  };
  report.throughput = measure_throughput(run_train, settings.wire_speed, settings.on_throughput_step);
  return report.throughput->steps.empty() || !report.throughput->steps.back().interrupted;
}

}  // namespace

Report run_suite(const Suite& suite, Link& link, Clock& clock, const RunSettings& settings) {
  Report report;
  report.tool_version = kVersion;
  report.tool_revision = kRevision;
  report.started_at = utc_now_iso8601();
  report.label = settings.label;
  report.host_os = host_os();
  report.clock = std::string(clock.name());
  report.link = link_record(link);
  report.suite = suite.name;
  report.seed = settings.seed;
  report.wire_speed = settings.wire_speed;

  EngineOptions options = settings.engine;
  options.wire_speed = settings.wire_speed;
  Engine engine(link, clock, options);
  run_tests(suite, engine, link, settings, report);
  const bool loop_there = !report.tests.empty() && report.tests.front().bytes_received > 0;
  if (!report.stopped && loop_there && report.tests.size() == suite.cases.size() &&
      !characterize(suite, engine, link, settings, report)) {
    report.stopped = StopReason::interrupted;
  }
  report.estimated_buffer_bytes = estimate_buffer_bytes(report.tests);

  VerdictEvidence evidence{.tests = report.tests,
                           .tests_planned = suite.cases.size(),
                           .throughput = report.throughput ? &*report.throughput : nullptr,
                           .stopped = report.stopped,
                           .wire_speed = settings.wire_speed};
  VerdictDecision decision = decide_verdict(evidence);
  PacingSearchResult search;
  if (decision.pacing_search_wanted && settings.search_pacing) {
    if (settings.on_stage) settings.on_stage("pacing search");
    search = search_for_pacing(suite, engine, link, settings, report.tests);
    report.pacing_search = search.trace;
    evidence.search = &search;
    decision = decide_verdict(evidence);
  }
  report.verdict = decision.verdict;
  report.stopped = decision.stopped;
  report.advice = decision.advice;
  report.partial = report.verdict == Verdict::incomplete;
  report.conditions = verdict_conditions(report);
  report.verdict_text = explain_verdict(report, suite.cases.size());
  note_host_trouble(report);
  report.link = link_record(link);
  const HostCounters counted = link.host_counters();
  report.host_xruns = counted.xruns;
  report.host_bytes_lost = counted.bytes_lost;
  return report;
}

}  // namespace midiloop
