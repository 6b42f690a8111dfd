#include "tester/cli/run_command.hpp"

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "patterns/wire.hpp"
#include "reports/report_json.hpp"
#include "reports/summary.hpp"
#include "reports/user_file.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/files.hpp"
#include "tester/cli/ports.hpp"
#include "tester/plan/suite.hpp"
#include "tester/runner/host.hpp"
#include "tester/runner/suite_runner.hpp"
#include "version.hpp"

namespace midiloop {
namespace {

po::options_description run_description(RunOptions& o) {
  auto desc = command_options(
      "Usage: midiloop run --out PORT --in PORT [options]\n"
      "       midiloop run --emulate MODEL[:key=value,...] [options]\n\n"
      "Runs the test suite: SysEx out of one port, back in through the loop cable, every byte\n"
      "compared. Prints one line per test and the verdict, and writes a JSON report.\n\n"
      "SOURCE_DATE_EPOCH (seconds since 1970), when set, is the report's started_at (the reproducible\n"
      "builds convention), so a run on an emulated model writes the same report every time");
  desc.add_options()("out", po::value(&o.out), "output port: number from 'midiloop list' or part of its name")(
      "in", po::value(&o.in), "input port: number from 'midiloop list' or part of its name");
  add_api_option(desc, o.api);
  desc.add_options()(
      "emulate", po::value(&o.emulate), "test an emulated interface instead of real ports (see 'midiloop models')")(
      "host", po::value(&o.host),
      "with --emulate: put an emulated host between midiloop and the model, e.g. jack:period=256 (see 'midiloop "
      "models')")(
      "suite", po::value(&o.suite)->default_value(o.suite),
      ("test suite: " + join(suite_names(), ", ") + " (see 'midiloop run --help-suites')").c_str())(
      "help-suites", "what each suite sends")(
      "report", po::value(&o.report)->default_value(o.report), "where to write the JSON report")(
      "no-report", po::bool_switch(&o.no_report), "do not write a JSON report")(
      "seed", po::value<std::string>()->default_value("1"), "seed for the random payloads")(
      "wire-speed", po::value<std::string>(),
      "the wire runs this many times faster than MIDI 1.0 (TurboMIDI, or an emulated port with speed=X); "
      "default 1, or the model's speed with --emulate")(
      "strict", po::bool_switch(&o.strict), "exit 1 for PASS_WITH_PACING too")(
      "label", po::value(&o.label), "the interface's name in the report and in 'midiloop compare'")(
      "html", po::value(&o.html), "also write the report as an HTML page here (see 'midiloop report')")(
      "pause-after-message", po::value<std::string>(),
      "the instrument needs this many ms after each F7 (a bootloader's pause): every pacing the search "
      "tries keeps it, and so does the advice")(
      "no-progress", "no progress line on stderr");
  return desc;
}

std::string suites_help() {
  std::string text;
  for (const auto& name : suite_names()) text += name + "\n  " + indented(suite_by_name(name)->description) + "\n";
  text.pop_back();  // the caller ends the line
  return text;
}

// Everything about the options that can be refused before a port is opened; the suite to run.
Suite checked_suite(const RunOptions& options) {
  refuse_host_without_emulate("run", options.host, options.emulate);
  const bool real = !options.out.empty() || !options.in.empty();
  if (real == !options.emulate.empty()) {
    throw UsageError(real ? "midiloop run: give either --out/--in or --emulate, not both"
                          : "midiloop run: give --out PORT --in PORT (see 'midiloop list'), or --emulate MODEL "
                            "(see 'midiloop models')");
  }
  if (real && (options.out.empty() || options.in.empty())) {
    throw UsageError("midiloop run: give both --out and --in: the interface's output and input ports, looped with "
                     "a MIDI cable from DIN OUT to DIN IN");
  }
  const auto suite = suite_by_name(options.suite);
  if (!suite) throw UsageError("midiloop run: no suite '" + options.suite + "'; suites: " + join(suite_names(), ", "));
  return *suite;
}

// The report's started_at: now, or SOURCE_DATE_EPOCH (the reproducible-builds convention), so a
// run on an emulated model, which is deterministic, writes the same file every time.
std::string start_time() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return utc_now_iso8601();
  uint64_t seconds = 0;
  try {
    seconds = parse_whole(epoch, kEpochSeconds, "SOURCE_DATE_EPOCH");
  } catch (const QuantityError& e) {
    throw UsageError(std::string("midiloop run: ") + e.what() + " (seconds since 1970), or unset it");
  }
  const auto time = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!utc_calendar(time, tm)) throw UsageError("midiloop run: SOURCE_DATE_EPOCH is not a date this system can show");
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The JSON report and the HTML page of a run. Both paths are checked before a port is opened, so
// that an unusable path is found now, not after minutes of testing, and before anything is written,
// so that a refused run leaves every file as it was. The report is written after every finished
// test (always whole: a report of the tests so far), both at the end.
class RunFiles {
 public:
  RunFiles(const RunOptions& options, std::string started_at) : options_(options), started_at_(std::move(started_at)) {}
  bool writes_report() const { return !options_.no_report; }
  bool writes_page() const { return !options_.html.empty(); }

  void check() const {
    std::vector<OutputPath> outputs;
    if (writes_report()) outputs.push_back({options_.report, "report"});
    if (writes_page()) outputs.push_back({options_.html, "HTML report"});
    try {
      check_output_paths(outputs);
    } catch (const OutputPathError& e) {
      throw UsageError(std::string("midiloop run: ") + e.what());
    }
  }
  void start(Report started) {
    started.started_at = started_at_;
    last_ = std::move(started);
  }
  void partial(const Report& partial) {
    last_ = partial;
    last_.started_at = started_at_;
    if (writes_report()) write_report_atomically(last_, options_.report);
  }
  // After a port error: the page shows the tests that finished.
  void stopped() {
    if (writes_page()) write_page(report_to_json(last_), options_.html);
  }
  void finish(Report& report, std::ostream& out) {
    report.started_at = started_at_;
    if (writes_report()) {
      write_report_atomically(report, options_.report);
      out << "Report: " << options_.report << "\n";
    }
    if (writes_page()) {
      write_page(report_to_json(report), options_.html);
      out << "HTML report: " << options_.html << "\n";
    }
  }

 private:
  const RunOptions& options_;
  std::string started_at_;
  Report last_;  // the latest partial report: the page's content if the run ends on a port error
};

Report started_report(const RunOptions& options, const Suite& suite, const LoopUnderTest& loop) {
  Report started;
  started.tool_version = kVersion;
  started.tool_revision = kRevision;
  started.clock = std::string(loop.clock->name());
  started.link = link_record(*loop.link);
  started.suite = suite.name;
  started.label = options.label;
  started.seed = options.seed;
  started.wire_speed = options.wire_speed;
  started.partial = true;
  started.verdict_text = "Started; no test has finished yet.";
  return started;
}

// A line per test, check, latency profile and throughput step as each ends; the progress line between.
RunSettings run_settings(const RunOptions& options, Console& console, ProgressLine& progress, RunFiles& files) {
  RunSettings settings;
  settings.seed = options.seed;
  settings.wire_speed = options.wire_speed;
  settings.label = options.label;
  settings.message_gap_us = options.message_gap_us;
  settings.engine.should_stop = [&console] { return console.stop_requested(); };
  settings.engine.progress = [&progress](std::size_t done, std::size_t total) { progress.bytes(done, total); };
  settings.on_case_start = [&progress](const TestCase& t, std::size_t k, std::size_t n) {
    progress.start_case(t.id, k, n);
  };
  settings.on_stage = [&progress](const std::string& stage) { progress.start_stage(stage); };
  const auto line = [&console, &progress](const std::string& text) {
    progress.clear();
    console.out << "  " << text << "\n" << std::flush;
  };
  settings.on_case_done = [line](const TestResult& t) { line(summarize_test(t)); };
  settings.on_check = [line](const ComplianceResult& c) { line(summarize_check(c)); };
  settings.on_latency = [line](const LatencyProfile& l) { line(summarize_latency(l)); };
  const double wire_bps = kWireBytesPerSecond * options.wire_speed;
  settings.on_throughput_step = [line, wire_bps](const ThroughputStep& s) { line(summarize_step(s, wire_bps)); };
  settings.on_search_start = [&progress](std::size_t at_most) { progress.start_search(at_most); };
  settings.on_trial = [line, wire_bps, &progress](const PacingTrial& t) {
    line(summarize_trial(t, wire_bps));
    progress.trial_done();
  };
  settings.on_partial = [&files](const Report& partial) { files.partial(partial); };
  return settings;
}

}  // namespace

RunOptions parse_run_options(const Args& args) {
  RunOptions options;
  const auto vm = parse(args, run_description(options), "run");
  if (vm.count("help-suites")) throw HelpRequested(suites_help());
  options.seed = *whole_option(vm, "seed", kSeed, "run");
  if (const auto pause_ms = quantity_option(vm, "pause-after-message", kPauseMs, "run")) {
    options.message_gap_us = static_cast<int64_t>(*pause_ms * 1000.0);
  }
  if (options.no_report && !vm["report"].defaulted()) {
    throw UsageError("midiloop run: --no-report and --report " + options.report + " say opposite things; give one");
  }
  if (const auto speed = quantity_option(vm, "wire-speed", kWireSpeed, "run")) {
    options.wire_speed = *speed;
  } else if (!options.emulate.empty()) {
    try {
      options.wire_speed = parse_model_spec(options.emulate).settings.speed;
    } catch (const std::invalid_argument&) {
      // run_run reports the bad model spec
    }
  }
  if (vm.count("html") && options.html.empty()) {
    throw UsageError("midiloop run: the HTML report path is empty: give --html a file name");
  }
  options.progress = progress_on_stderr(vm.count("no-progress") > 0);
  return options;
}

int run_run(const RunOptions& options, Console& console) {
  const Suite suite = checked_suite(options);
  RunFiles files(options, start_time());
  files.check();
  const std::string results = files.writes_report() ? "Results of the finished tests are in " + options.report : "";
  const LoopUnderTest loop = open_loop({.command = "run",
                                        .api = options.api,
                                        .out = options.out,
                                        .in = options.in,
                                        .wire_speed = options.wire_speed,
                                        .results_note = results.empty() ? "" : results + "\n",
                                        .emulate = options.emulate,
                                        .host = options.host,
                                        .seed = options.seed},
                                       console);
  files.start(started_report(options, suite, loop));
  const LinkInfo info = loop.link->info();
  console.out << "midiloop " << version_text() << ": suite '" << suite.name << "' on " << info.out << " -> " << info.in
              << " (" << info.api << (options.emulate.empty() ? "" : ", model " + info.model) << "), seed "
              << options.seed << "\n"
              << std::flush;
  ProgressLine progress(console.err, options.progress);
  Report report;
  try {
    report = run_suite(suite, *loop.link, *loop.clock, run_settings(options, console, progress, files));
  } catch (const LinkError& e) {
    progress.clear();
    files.stopped();
    throw SystemError("midiloop run: " + std::string(e.what()) + (results.empty() ? "" : "\n" + results));
  }
  progress.clear();
  write_verdict(console.out, report);
  files.finish(report, console.out);
  return exit_code_for(report, options.strict);
}

}  // namespace midiloop
