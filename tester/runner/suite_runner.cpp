#include "tester/runner/suite_runner.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <ctime>

#include "tester/advisor/advisor.hpp"
#include "tester/analysis/case_analysis.hpp"
#include "tester/analysis/compliance_judging.hpp"
#include "tester/plan/search_trains.hpp"
#include "tester/runner/measurements.hpp"
#include "tester/advisor/pacing_search.hpp"
#include "patterns/framing.hpp"
#include "patterns/wire.hpp"
#include "version.hpp"

namespace midiloop {

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

LinkRecord link_record(const LinkInfo& info) {
  return {info.kind,      info.api,           info.out,           info.in,
          info.model,     info.timestamps,    info.resolution_ns, info.host_delay_ns,
          info.period_frames, info.sample_rate, info.host_model};
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
  report.verdict_text += " " + std::to_string(n) + " test" + (n == 1 ? " was" : "s were") +
                         " disturbed by the host on both tries and not counted for or against the interface (" +
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

// Escalation after a failure at full speed: the fastest pacing at which an OS-like workload and
// every test that failed come back intact, if there is one.
void search_for_pacing(const Suite& suite, Engine& engine, Link& link, const RunSettings& settings, Report& report) {
  std::vector<TestCase> failed;
  for (std::size_t k = 0; k < report.tests.size(); ++k) {
    // Pacing cures overflow, not a clock byte that ends a SysEx: those tests are a condition. A
    // failed test the host disturbed is confirmed too: the advice must hold for it as well.
    if (report.tests[k].pass || failed_only_at_realtime(report.tests[k])) continue;
    failed.push_back(suite.cases[k]);
  }
  uint32_t next_id = static_cast<uint32_t>(suite.cases.size()) + 1;
  const TrialRunner trial = [&](const Pacing& pacing, TrialPhase phase) {
    PacingTrial t;
    t.lossless = true;
    auto send = [&](const TestCase& test) {
      if (t.interrupted) return;
      // A trial the host disturbed is tried again; disturbed twice, it proves nothing either way
      // and is not lossless: no pacing is advised on the strength of it.
      Capture capture;
      TestResult r;
      std::string trouble;
      for (int attempt = 1; attempt <= 2; ++attempt) {
        const uint32_t id = next_id++ % kMaxTestId + 1;
        const HostCounters before = link.host_counters();
        capture = engine.run(build_messages(test, id, settings.seed), test.pacing);
        r = analyze_case(test, id, capture, settings.wire_speed);
        trouble = host_trouble(before, counters_for_test(link.host_counters(), capture));
        if (trouble.empty() || capture.interrupted) break;
      }
      if (!trouble.empty() && !capture.interrupted) {
        t.host_trouble = true;
        t.lossless = false;
        return;
      }
      const bool realtime_only = failed_only_at_realtime(r);
      if (!realtime_only) t.bytes_lost += r.errors.dropped + r.errors.inserted + r.errors.corrupted;
      t.lossless = t.lossless && (r.pass || realtime_only);
      t.interrupted = capture.interrupted;
    };
    for (const TestCase& test : trial_workload(phase, pacing, failed)) send(test);
    if (settings.on_trial) {
      PacingTrial shown = t;
      shown.phase = phase;
      shown.pacing = pacing;
      settings.on_trial(shown);
    }
    return t;
  };
  PacingSearchOptions options;
  options.wire_bps = kWireBytesPerSecond * settings.wire_speed;
  // A chunk is a burst: chunks as large as a message that already failed at full speed would fail
  // at any rate, so the search starts below the smallest of those.
  uint32_t smallest_failed = UINT32_MAX;
  for (std::size_t k = 0; k < report.tests.size(); ++k) {
    const TestCase& test = suite.cases[k];
    // Not a test the host disturbed: its failure may be the host's, not a burst too large.
    if (!report.tests[k].pass && !report.tests[k].host_trouble && test.shape == Shape::single &&
        test.pacing.full_speed()) {
      smallest_failed = std::min(smallest_failed, test.message_bytes);
    }
  }
  std::erase_if(options.chunk_sizes, [&](uint32_t chunk) { return chunk >= smallest_failed; });
  if (options.chunk_sizes.empty()) options.chunk_sizes = {3};
  const PacingSearchResult result = search_pacing(trial, options);
  report.pacing_search = result.trace;
  if (result.stopped) {
    report.stopped = StopReason::interrupted;
    report.verdict = Verdict::incomplete;
  } else if (result.recommended) {
    report.verdict = Verdict::pass_with_pacing;
    report.advice = make_advice(*result.recommended, settings.wire_speed);
  }
}

// After the SysEx tests: the MIDI 1.0 compliance checks, latency of short messages, and the
// throughput curve. Returns false when interrupted.
bool characterize(const Suite& suite, Engine& engine, const RunSettings& settings, Report& report) {
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
  const auto first_id = static_cast<uint32_t>(suite.cases.size()) + 1000;
  report.throughput = measure_throughput(engine, settings.wire_speed, settings.seed, first_id,
                                         settings.on_throughput_step);
  return report.throughput->steps.empty() || !report.throughput->steps.back().interrupted;
}

}  // namespace

Report run_suite(const Suite& suite, Link& link, Clock& clock, const RunSettings& settings) {
  Report report;
  report.tool_version = kVersion;
  report.started_at = utc_now_iso8601();
  report.label = settings.label;
  utsname host{};
  if (uname(&host) == 0) report.host_os = std::string(host.sysname) + " " + host.release;
  report.clock = std::string(clock.name());
  report.link = link_record(link.info());
  report.suite = suite.name;
  report.seed = settings.seed;
  report.wire_speed = settings.wire_speed;

  EngineOptions options = settings.engine;
  options.wire_speed = settings.wire_speed;
  Engine engine(link, clock, options);
  bool interrupted = false;
  for (std::size_t k = 0; k < suite.cases.size() && !interrupted; ++k) {
    const TestCase& test = suite.cases[k];
    const auto test_id = static_cast<uint32_t>(k + 1);
    if (settings.on_case_start) settings.on_case_start(test, k, suite.cases.size());
    const auto messages = build_messages(test, test_id, settings.seed);
    Capture capture;
    TestResult result;
    std::string trouble;
    // A test during which the host lost or delayed data is run again; twice hit, it is marked and
    // not counted: the host's fault is never the interface's.
    for (uint32_t attempt = 1; attempt <= 2; ++attempt) {
      const HostCounters before = link.host_counters();
      // The second try has test ids of its own: bytes of the first that arrive late are then seen
      // as another test's, never as this try's (they would look faster than the wire).
      const uint32_t id = attempt == 1 ? test_id : retry_id(test_id);
      const auto sent = attempt == 1 ? messages : build_messages(test, id, settings.seed);
      capture = test.shape == Shape::probe ? engine.probe(sent) : engine.run(sent, test.pacing);
      result = analyze_case(test, id, capture, settings.wire_speed);
      result.attempts = attempt;
      trouble = host_trouble(before, counters_for_test(link.host_counters(), capture));
      if (trouble.empty() || capture.interrupted) break;
    }
    if (!trouble.empty() && !capture.interrupted) {
      result.host_trouble = true;
      result.host_trouble_text = trouble;
    }
    interrupted = capture.interrupted;
    report.tests.push_back(std::move(result));
    if (settings.on_case_done) settings.on_case_done(report.tests.back());
    const TestResult& done = report.tests.back();
    if (interrupted) report.stopped = StopReason::interrupted;
    if (done.bytes_received == 0 && !interrupted) {
      if (test.shape == Shape::probe) break;  // NO_LOOP: there never was a loop
      // The probe came back, so there was a loop. If a fresh probe gets nothing either, it is gone;
      // if it comes back, this test simply lost everything.
      const auto probe_again = build_messages(suite.cases.front(), 1, settings.seed);
      const Capture again = engine.probe({probe_again.front()});
      interrupted = again.interrupted;
      if (interrupted) {
        report.stopped = StopReason::interrupted;
      } else if (bytes_in(again.arrivals) == 0) {
        report.stopped = StopReason::loop_lost;
      }
      if (report.stopped) break;
    }
    report.partial = true;
    report.verdict = Verdict::incomplete;
    report.verdict_text = explain_verdict(report, suite.cases.size());
    if (settings.on_partial && k + 1 < suite.cases.size()) settings.on_partial(report);
  }
  const bool loop_there = !report.tests.empty() && report.tests.front().bytes_received > 0;
  if (!report.stopped && loop_there && report.tests.size() == suite.cases.size() &&
      !characterize(suite, engine, settings, report)) {
    report.stopped = StopReason::interrupted;
  }
  report.verdict = decide_verdict(report.tests, report.stopped.has_value(), suite.cases.size());
  // The throughput curve offers up to twice the wire's rate: a loop that delivers that much
  // did not cross a DIN cable, whatever the tests said.
  const bool curve_too_fast =
      report.throughput && std::any_of(report.throughput->steps.begin(), report.throughput->steps.end(),
                                       [](const ThroughputStep& s) { return s.faster_than_wire; });
  if (curve_too_fast && (report.verdict == Verdict::pass || report.verdict == Verdict::fail)) {
    report.verdict = Verdict::not_din;
  }
  report.estimated_buffer_bytes = estimate_buffer_bytes(report.tests);
  // Pacing cures overflow, which shows as dropped bytes. Where flipped, made-up or mangled bytes
  // dominate, a search would only spend wire time.
  uint64_t dropped = 0, other = 0;
  for (const auto& t : report.tests) {
    if (t.host_trouble) continue;
    dropped += t.errors.dropped;
    other += t.errors.inserted + t.errors.corrupted;
  }
  if (report.verdict == Verdict::fail && settings.search_pacing && dropped >= other) {
    search_for_pacing(suite, engine, link, settings, report);
  }
  // A test the host disturbed twice is set aside, which is right when it passed anyway. One that
  // failed may hide the interface's own failure behind the host's: a PASS cannot rest on it (a
  // PASS_WITH_PACING can: its confirmation ran that test again at the advised pacing). A pacing
  // search the host disturbed proves no pacing either way, so no FAIL rests on it.
  const bool hidden_failure = std::any_of(report.tests.begin(), report.tests.end(), [](const TestResult& t) {
    return t.host_trouble && !t.pass && !failed_only_at_realtime(t);
  });
  const bool search_disturbed = std::any_of(report.pacing_search.begin(), report.pacing_search.end(),
                                            [](const PacingTrial& t) { return t.host_trouble; });
  if ((report.verdict == Verdict::pass && hidden_failure) || (report.verdict == Verdict::fail && search_disturbed)) {
    report.verdict = Verdict::incomplete;
    report.stopped = StopReason::host_trouble;
    report.advice.reset();
  }
  report.partial = report.verdict == Verdict::incomplete;
  report.conditions = verdict_conditions(report);
  report.verdict_text = explain_verdict(report, suite.cases.size());
  note_host_trouble(report);
  report.link = link_record(link.info());
  const HostCounters counted = link.host_counters();
  report.host_xruns = counted.xruns;
  report.host_bytes_lost = counted.bytes_lost;
  return report;
}

}  // namespace midiloop
