#include "tester/cli/cli.hpp"
#include "tester/cli/exit_codes.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include "tester/plan/suite.hpp"
#include "patterns/syx_file.hpp"
#include "patterns/wire.hpp"
#include "reports/compare.hpp"
#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "reports/summary.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/links/emulated/host_model.hpp"
#include "tester/links/jack/jack_client.hpp"
#include "tester/emulator/live/jack_emulator.hpp"
#include "tester/links/jack/jack_link.hpp"
#include "tester/emulator/live/live_emulator.hpp"
#include "tester/links/port_select.hpp"
#include "tester/links/rtmidi/rtmidi_link.hpp"
#include "tester/runner/suite_runner.hpp"
#include "tester/runner/transfer.hpp"
#include "tester/analysis/rehearsal.hpp"
#include "version.hpp"

namespace po = boost::program_options;

namespace midiloop {
namespace {

constexpr const char* kOverview =
    "midiloop - will this MIDI interface choke on SysEx?\n"
    "\n"
    "Cable the interface's DIN OUT to its own DIN IN; midiloop sends SysEx of many sizes and\n"
    "speeds out, reads it back, compares every byte and says whether the interface is safe.\n"
    "\n"
    "Usage: midiloop <command> [options]\n"
    "\n"
    "Commands:\n"
    "  list        list MIDI ports, numbered, per API\n"
    "  run         run the test suite on a loop cable, or on an emulated interface\n"
    "  models      list the emulated interfaces and their parameters\n"
    "  emulate     expose an emulated interface as MIDI ports, in real time\n"
    "  check-file  is this .syx file well formed, and how long will it take to send?\n"
    "  rehearse    send a real .syx file through the loop with a pacing, compare what comes back\n"
    "  send        send a .syx file to an instrument with the pacing a report proved safe\n"
    "  compare     reports side by side: which interface to buy\n"
    "  report      a report as one HTML page: verdict, settings, charts, every test\n"
    "\n"
    "  midiloop <command> --help   the options of one command\n"
    "  midiloop --version          the version\n"
    "\n"
    "Exit codes: 0 safe, 1 interface fails, 2 usage or input error, 3 inconclusive\n"
    "(NO_LOOP, NOT_DIN), 4 port or system error, 130 interrupted (INCOMPLETE).\n";

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// `positional`: the option bare arguments stand for (a file, a model, reports), if any; `count` of
// them, -1 for any number.
po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const std::string& command, const char* positional = nullptr, int count = 1) {
  po::variables_map vm;
  po::positional_options_description bare;
  if (positional) bare.add(positional, count);
  try {
    po::store(po::command_line_parser(args).options(desc).positional(bare).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError("midiloop " + command + ": " + e.what() + "; see 'midiloop " + command + " --help'");
  }
  return vm;
}

// RtMidi's APIs (ALSA, CoreMIDI, WinMM) and JACK, which midiloop drives natively.
std::vector<std::string> all_api_choices() {
  auto names = api_choices();
  names.insert(names.begin() + 1, "jack");
  return names;
}

std::vector<ApiPorts> list_all_ports(const std::string& api) {
  std::vector<ApiPorts> apis;
  if (api != "jack") apis = list_ports(api);
  if (api == "jack" || api == "auto") {
    const JackPorts jack = list_jack_ports();
    apis.push_back({"jack", jack.outputs, jack.inputs, jack.problem});
  }
  return apis;
}

// Real ports: JACK natively for --api jack; otherwise RtMidi, and with --api auto JACK when no
// RtMidi API has the ports.
std::unique_ptr<Link> open_real_link(const std::string& api, const std::string& out, const std::string& in,
                                     SteadyClock& clock, const std::function<void(const std::string&)>& on_stuck,
                                     double wire_speed = 1.0) {
  JackLinkOptions jack_options;
  jack_options.out = out;
  jack_options.in = in;
  jack_options.max_bytes_per_second *= wire_speed;
  if (api == "jack") return open_jack_link(jack_options, clock);
  RtMidiLinkOptions options;
  options.api = api;
  options.out = out;
  options.in = in;
  options.on_stuck = on_stuck;
  if (api != "auto") return open_rtmidi_link(options, clock);
  try {
    return open_rtmidi_link(options, clock);
  } catch (const LinkError& rtmidi_problem) {
    try {
      return open_jack_link(jack_options, clock);
    } catch (const LinkError& jack_problem) {
      throw LinkError(std::string(rtmidi_problem.what()) + "\n  jack: " + jack_problem.what());
    }
  } catch (const PortSelectionError&) {
    if (!jack::server_problem().empty()) throw;
    return open_jack_link(jack_options, clock);
  }
}

po::options_description list_description(ListOptions& o) {
  po::options_description desc("Usage: midiloop list [--api API]\n\nLists MIDI ports per API, numbered; "
                               "--out and --in take the number or part of the name");
  desc.add_options()("help,h", "show this help")(
      "api", po::value(&o.api)->default_value(o.api), ("MIDI API: " + join(all_api_choices(), ", ")).c_str());
  return desc;
}

po::options_description run_description(RunOptions& o) {
  po::options_description desc(
      "Usage: midiloop run --out PORT --in PORT [options]\n"
      "       midiloop run --emulate MODEL[:key=value,...] [options]\n\n"
      "Runs the test suite: SysEx out of one port, back in through the loop cable, every byte\n"
      "compared. Prints one line per test and the verdict, and writes a JSON report.\n\n"
      "SOURCE_DATE_EPOCH (seconds since 1970), when set, is the report's started_at: the reproducible-\n"
      "builds convention, so a run on an emulated model writes the same report every time");
  desc.add_options()("help,h", "show this help")(
      "out", po::value(&o.out), "output port: number from 'midiloop list' or part of its name")(
      "in", po::value(&o.in), "input port: number from 'midiloop list' or part of its name")(
      "api", po::value(&o.api)->default_value(o.api), ("MIDI API: " + join(all_api_choices(), ", ")).c_str())(
      "emulate", po::value(&o.emulate), "test an emulated interface instead of real ports (see 'midiloop models')")(
      "host", po::value(&o.host),
      "with --emulate: put an emulated host between midiloop and the model, e.g. jack:period=256 (see 'midiloop "
      "models')")(
      "suite", po::value(&o.suite)->default_value(o.suite),
      ("test suite: " + join(suite_names(), ", ") + " (see 'midiloop run --help-suites')").c_str())(
      "help-suites", "what each suite sends")(
      "report", po::value(&o.report)->default_value(o.report), "where to write the JSON report")(
      "no-report", po::bool_switch(&o.no_report), "do not write a JSON report")(
      "seed", po::value(&o.seed)->default_value(o.seed), "seed for the random payloads")(
      "wire-speed", po::value<double>(),
      "the wire runs this many times faster than MIDI 1.0 (TurboMIDI, or an emulated port with speed=X); "
      "default 1, or the model's speed with --emulate")(
      "strict", po::bool_switch(&o.strict), "exit 1 for PASS_WITH_PACING too")(
      "label", po::value(&o.label), "the interface's name in the report and in 'midiloop compare'")(
      "html", po::value(&o.html), "also write the report as an HTML page here (see 'midiloop report')")(
      "no-progress", "no progress line on stderr");
  return desc;
}

void print_ports(const std::vector<ApiPorts>& apis, std::ostream& out) {
  for (const auto& api : apis) {
    out << api.api << ":\n";
    if (!api.problem.empty()) {
      out << "  (" << api.problem << ")\n";
      continue;
    }
    out << "  outputs (--out):\n";
    for (std::size_t k = 0; k < api.outputs.size(); ++k) out << "    " << k << ": " << api.outputs[k] << "\n";
    out << "  inputs (--in):\n";
    for (std::size_t k = 0; k < api.inputs.size(); ++k) out << "    " << k << ": " << api.inputs[k] << "\n";
  }
}

ModelConfig parse_model_or_usage(const std::string& command, const std::string& spec) {
  try {
    return parse_model_spec(spec);
  } catch (const std::invalid_argument& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

HostSpec parse_host_or_usage(const std::string& command, const std::string& spec) {
  try {
    return parse_host_spec(spec);
  } catch (const std::invalid_argument& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

// --host models the host of an emulated interface; real ports have their real host.
void refuse_host_without_emulate(const std::string& command, const std::string& host, const std::string& emulate) {
  if (!host.empty() && emulate.empty()) {
    throw UsageError("midiloop " + command + ": --host puts an emulated host in front of an emulated interface; give "
                     "it with --emulate MODEL (real ports go through the real host)");
  }
}

// The loop under test: real ports on the steady clock, or an emulated model on a virtual clock.
struct LoopUnderTest {
  std::unique_ptr<Clock> clock;
  std::unique_ptr<Link> link;
  double model_speed = 1.0;  // the emulated wire's speed; 1 for real ports
};

LoopUnderTest open_loop(const std::string& command, const std::string& api, const std::string& out,
                        const std::string& in, const std::string& emulate, uint64_t seed, Console& console,
                        const std::string& results_note, double wire_speed = 1.0, const std::string& host = {}) {
  LoopUnderTest loop;
  if (emulate.empty()) {
    auto steady = std::make_unique<SteadyClock>();
    loop.link = open_real_link(api, out, in, *steady, [&console, command, results_note](const std::string& what) {
      // The sending thread is stuck inside RtMidi and cannot be unwound; end the process.
      console.err << "\nmidiloop " << command << ": " << what << "\n" << results_note;
      console.err.flush();
      std::_Exit(kExitSystem);
    }, wire_speed);
    loop.clock = std::move(steady);
  } else {
    const ModelConfig model = parse_model_or_usage(command + " --emulate", emulate);
    loop.model_speed = model.settings.speed;
    auto virtual_clock = std::make_unique<VirtualClock>();
    if (host.empty()) {
      loop.link = std::make_unique<EmulatedLink>(model, *virtual_clock, seed);
    } else {
      loop.link = std::make_unique<HostModelLink>(model, parse_host_or_usage(command + " --host", host), *virtual_clock, seed);
    }
    loop.clock = std::move(virtual_clock);
  }
  return loop;
}

// The report's started_at: now, or SOURCE_DATE_EPOCH (the reproducible-builds convention), so a
// run on an emulated model, which is deterministic, writes the same file every time.
std::string start_time() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return utc_now_iso8601();
  char* end = nullptr;
  errno = 0;
  const long long seconds = std::strtoll(epoch, &end, 10);
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (*end != '\0' || errno != 0 || seconds < 0 || !gmtime_r(&time, &tm)) {
    throw UsageError(std::string("midiloop: SOURCE_DATE_EPOCH='") + epoch +
                     "' is not a number of seconds since 1970: fix it or unset it");
  }
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Writing the page over the JSON report would destroy what it is rendered from.
void refuse_same_file(const std::string& command, const std::string& report, const std::string& html) {
  std::error_code ignored;
  if (report == html || std::filesystem::equivalent(report, html, ignored)) {
    throw UsageError("midiloop " + command + ": --html '" + html + "' is the JSON report itself; name another file");
  }
}

void write_html(const Report& report, const std::string& path) {
  write_file_atomically(path, report_html(report_to_json(report)), "HTML report");
}

class ProgressLine {
 public:
  ProgressLine(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
  ~ProgressLine() { clear(); }
  void start_case(const TestCase& test, std::size_t index, std::size_t total) {
    prefix_ = "[" + std::to_string(index + 1) + "/" + std::to_string(total) + "] " + test.id;
    draw(prefix_);
  }
  void start_stage(const std::string& stage) {
    prefix_ = "[" + stage + "]";
    draw(prefix_);
  }
  void bytes(std::size_t done, std::size_t total) {
    if (done != total && done - last_ < 512) return;  // keep the terminal quiet
    last_ = done == total ? 0 : done;
    draw(prefix_ + "  " + std::to_string(done) + "/" + std::to_string(total) + " B sent");
  }
  void clear() {
    if (enabled_ && drawn_) err_ << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  void draw(const std::string& text) {
    if (!enabled_) return;
    err_ << "\r\033[K" << text << std::flush;
    drawn_ = true;
  }
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  std::string prefix_;
  std::size_t last_ = 0;
};

}  // namespace

int run_list(const ListOptions& options, Console& console) {
  const auto apis = list_all_ports(options.api);
  print_ports(apis, console.out);
  const bool usable = std::any_of(apis.begin(), apis.end(), [](const ApiPorts& a) { return a.problem.empty(); });
  if (!usable) console.err << "midiloop list: no MIDI API could list ports (reasons above)\n";
  return usable ? kExitSafe : kExitSystem;
}

int run_models(Console& console) {
  for (const auto& m : emulator_models()) {
    std::string text = wrap(m.description, 76);
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) text.insert(at + 1, "  ");
    console.out << m.name << "\n  " << text << "\n";
    if (!m.expected_error.empty()) {
      console.out << "  the suite shows it as: "
                  << (m.expected_error == "truncated" ? "truncated messages" : m.expected_error + " bytes") << "\n";
    }
    for (const auto& p : m.parameters) {
      console.out << "    " << p.name << "=" << p.default_value << "  " << p.meaning << "; " << p.allowed() << "\n";
    }
  }
  console.out << "\nHost models, put between midiloop and a model with --host (what the host does to bytes and "
                 "times):\n";
  for (const auto& h : host_models()) {
    std::string text = wrap(h.description, 76);
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) text.insert(at + 1, "  ");
    console.out << h.name << "\n  " << text << "\n";
    for (const auto& p : h.parameters) {
      console.out << "    " << p.name << "=" << static_cast<long long>(p.default_value) << "  " << p.meaning << " ("
                  << static_cast<long long>(p.min) << " to " << static_cast<long long>(p.max) << ")\n";
    }
  }
  console.out << "\nUse as: midiloop run --emulate cheap-fifo:fifo=64\n"
                 "        midiloop run --emulate cheap-fifo --host jack:period=1024\n";
  return kExitSafe;
}

int run_run(const RunOptions& options, Console& console) {
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
  if (!(options.wire_speed > 0)) throw UsageError("midiloop run: --wire-speed must be a positive number");
  const std::string started_at = start_time();
  const bool html = !options.html.empty();
  if (html && !options.no_report) refuse_same_file("run", options.report, options.html);

  RunSettings settings;
  settings.seed = options.seed;
  settings.wire_speed = options.wire_speed;
  settings.label = options.label;
  LoopUnderTest loop = open_loop("run", options.api, options.out, options.in, options.emulate, options.seed, console,
                                 options.no_report ? "" : "Results of the finished tests are in " + options.report + "\n",
                                 options.wire_speed, options.host);
  auto& clock = loop.clock;
  auto& link = loop.link;

  ProgressLine progress(console.err, options.progress);
  settings.engine.should_stop = [&] { return console.interrupted && *console.interrupted != 0; };
  settings.engine.progress = [&](std::size_t done, std::size_t total) { progress.bytes(done, total); };
  settings.on_case_start = [&](const TestCase& t, std::size_t k, std::size_t n) { progress.start_case(t, k, n); };
  settings.on_case_done = [&](const TestResult& t) {
    progress.clear();
    console.out << "  " << summarize_test(t) << "\n" << std::flush;
  };
  settings.on_stage = [&](const std::string& stage) { progress.start_stage(stage); };
  settings.on_check = [&](const ComplianceResult& c) {
    progress.clear();
    console.out << "  " << summarize_check(c) << "\n" << std::flush;
  };
  settings.on_latency = [&](const LatencyProfile& l) {
    progress.clear();
    console.out << "  " << summarize_latency(l) << "\n" << std::flush;
  };
  settings.on_throughput_step = [&](const ThroughputStep& s) {
    progress.clear();
    console.out << "  " << summarize_step(s, kWireBytesPerSecond * options.wire_speed) << "\n" << std::flush;
  };
  const bool write = !options.no_report;
  Report last;  // the latest partial report: the HTML page's content if the run ends on a port error
  settings.on_partial = [&](const Report& partial) {
    last = partial;
    last.started_at = started_at;
    if (write) write_report_atomically(last, options.report);
  };

  if (write || html) {
    // Fail on an unwritable path now, not after minutes of testing; the file also marks the run as
    // started, and is replaced after every test.
    Report started;
    started.tool_version = kVersion;
    started.started_at = started_at;
    started.clock = std::string(clock->name());
    started.link = link_record(link->info());
    started.suite = suite->name;
    started.label = options.label;
    started.seed = options.seed;
    started.wire_speed = options.wire_speed;
    started.partial = true;
    started.verdict_text = "Started; no test has finished yet.";
    try {
      if (write) write_report_atomically(started, options.report);
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("midiloop run: ") + e.what() + "; choose another --report path or --no-report");
    }
    try {
      if (html) write_html(started, options.html);
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("midiloop run: ") + e.what() + "; choose another --html path");
    }
    last = started;
  }
  console.out << "midiloop " << kVersion << ": suite '" << suite->name << "' on " << link->info().out << " -> "
              << link->info().in << " (" << link->info().api << (real ? "" : ", model " + link->info().model)
              << "), seed " << options.seed << "\n"
              << std::flush;
  Report report;
  try {
    report = run_suite(*suite, *link, *clock, settings);
  } catch (const LinkError& e) {
    progress.clear();
    console.err << "midiloop run: " << e.what() << "\n";
    if (write) console.err << "Results of the finished tests are in " << options.report << "\n";
    if (html) write_html(last, options.html);
    return kExitSystem;
  }
  progress.clear();
  write_verdict(console.out, report);
  report.started_at = started_at;
  if (write) {
    write_report_atomically(report, options.report);
    console.out << "Report: " << options.report << "\n";
  }
  if (html) {
    write_html(report, options.html);
    console.out << "HTML report: " << options.html << "\n";
  }
  return exit_code_for(report, options.strict);
}

int run_emulate(const EmulateOptions& options, Console& console) {
  ModelConfig model = parse_model_or_usage("emulate", options.model);
  if (options.speed) {
    if (!(*options.speed > 0)) throw UsageError("midiloop emulate: --speed must be a positive number");
    try {
      set_model_parameter(model, "speed", *options.speed);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("midiloop emulate --speed: ") + e.what());
    }
  }
  const std::string name = options.name.empty() ? "emulated-" + model.name : options.name;
  SteadyClock clock;
  const auto speed = model.settings.speed;
  std::ostringstream speed_text;
  speed_text << speed;
  auto announce = [&](const std::string& api) {
    console.out << "midiloop emulate: " << model.spec() << " on " << api << " ports '" << name
                << ":in' (send to it) and '" << name << ":out' (receive from it).\n"
                << "Test it with: midiloop run --api " << api << " --out " << name << " --in " << name
                << (speed != 1 ? " --wire-speed " + speed_text.str() : std::string()) << "\n"
                << "Ctrl-C stops.\n"
                << std::flush;
  };
  const auto stop = [&] { return console.interrupted && *console.interrupted != 0; };
  LiveEmulatorStats stats;
  // JACK: the model runs inside the process callback, frame by frame. Elsewhere (the ALSA
  // sequencer), through RtMidi's virtual ports and the steady clock.
  bool on_jack = options.api == "jack";
  if (options.api == "auto") {
    const auto rtmidi = list_ports("auto");
    const bool rtmidi_usable =
        std::any_of(rtmidi.begin(), rtmidi.end(), [](const ApiPorts& a) { return a.problem.empty(); });
    on_jack = !rtmidi_usable && jack::server_problem().empty();
  }
  if (on_jack) {
    stats = run_jack_emulator(model, options.seed, name, clock, stop, [&] { announce("jack"); });
  } else {
    const auto ports = open_rtmidi_virtual_ports(options.api, name, clock);
    announce(ports->info().api);
    stats = run_live_emulator(model, options.seed, *ports, clock, stop);
  }
  console.out << "midiloop emulate: stopped; " << stats.bytes_in << " bytes in, " << stats.bytes_out << " out, "
              << stats.bytes_dropped << " dropped by the model on the way in\n";
  return kExitSafe;
}

namespace {


std::string minutes(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f min %02.0f s", std::floor(seconds / 60), std::fmod(seconds, 60));
  return buf;
}

}  // namespace

int run_check_file(const CheckFileOptions& options, Console& console) {
  const std::string& path = options.path;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw UsageError("midiloop check-file: cannot read '" + path + "': " + std::strerror(errno));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(file, &std::fclose);
  SyxChecker checker;
  std::vector<uint8_t> block(64 * 1024);
  std::size_t total = 0;
  while (true) {
    const std::size_t n = std::fread(block.data(), 1, block.size(), file);
    if (n == 0) break;
    total += n;
    if (total > kLargestSyxBytes) {
      throw UsageError("midiloop check-file: '" + path + "' is larger than 64 MB; instrument firmware is a few MB, " +
                       "so this is not a .syx file midiloop will send");
    }
    checker.feed(std::span<const uint8_t>(block.data(), n));
  }
  if (std::ferror(file)) throw UsageError("midiloop check-file: reading '" + path + "' failed: " + std::strerror(errno));
  const SyxSummary s = checker.finish();
  if (s.bytes == 0) throw UsageError("midiloop check-file: '" + path + "' is empty");
  if (s.messages == 0) {
    console.err << "midiloop check-file: '" << path << "' does not look like a SysEx file: no complete F0 ... F7 "
                << "message in " << s.bytes << " bytes\n";
    for (const auto& p : s.problems) console.err << "  at " << p.offset << ": " << p.what << "\n";
    return kExitUsage;
  }
  console.out << path << ": " << s.bytes << " bytes, " << s.messages << " SysEx message" << (s.messages == 1 ? "" : "s")
              << ", " << s.smallest << " to " << s.largest << " bytes each\n";
  if (!s.recognised.empty()) console.out << "  recognised: " << s.recognised << "\n";
  console.out << "  manufacturer IDs:";
  for (const auto& [id, n] : s.manufacturers) console.out << " " << id << " (" << n << ")";
  console.out << "\n  sizes:";
  for (const auto& [upper, n] : s.size_histogram) console.out << " <=" << upper << " B: " << n << ";";
  const double full_s = static_cast<double>(wire_ns(s.bytes)) / 1e9;
  console.out << "\n  time to send: " << minutes(full_s) << " at full speed (3125 B/s)";
  if (options.rate_bps > 0) {
    console.out << ", " << minutes(static_cast<double>(s.bytes) / std::min(options.rate_bps, kWireBytesPerSecond))
                << " at " << options.rate_bps << " B/s" << (options.chunk_bytes ? " in " + std::to_string(options.chunk_bytes) + "-byte chunks" : "");
  }
  console.out << "\n";
  if (s.problem_count > 0) {
    console.err << "midiloop check-file: '" << path << "' is malformed: " << s.problem_count << " problem"
                << (s.problem_count == 1 ? "" : "s") << (s.problem_count > s.problems.size() ? "; the first:" : ":")
                << "\n";
    for (const auto& p : s.problems) console.err << "  at byte " << p.offset << ": " << p.what << "\n";
    console.err << "Do not send this file: fix or re-download it.\n";
    return kExitUsage;
  }
  console.out << "  well formed.\n";
  return kExitSafe;
}

namespace {

// Bytes, rate and time left, on stderr, only on a terminal.
class TransferProgress {
 public:
  TransferProgress(std::ostream& err, bool enabled, SteadyClock& clock) : err_(err), enabled_(enabled), clock_(clock) {}
  ~TransferProgress() { clear(); }
  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const int64_t now = clock_.now_ns();
    if (start_ns_ < 0) start_ns_ = now;
    if (now - drawn_ns_ < 100'000'000 && done != total) return;
    drawn_ns_ = now;
    const double seconds = static_cast<double>(now - start_ns_) / 1e9;
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char line[160];
    std::snprintf(line, sizeof line, "\r\033[K%zu / %zu bytes (%.0f %%), %.0f B/s, %s left", done, total,
                  100.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(total, 1)), rate,
                  rate > 0 ? minutes(static_cast<double>(total - done) / rate).c_str() : "?");
    err_ << line << std::flush;
    drawn_ = true;
  }
  void clear() {
    if (enabled_ && drawn_) err_ << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  SteadyClock& clock_;
  int64_t start_ns_ = -1, drawn_ns_ = 0;
  bool drawn_ = false;
};

PacingChoice choose_or_refuse(const TransferOptions& options, const std::string& command, Console& console) {
  try {
    PacingChoice choice =
        choose_pacing({options.report, options.rate_bps, options.chunk_bytes, options.force, options.out});
    for (const auto& w : choice.warnings) console.err << "midiloop " << command << ": warning: " << w << "\n";
    return choice;
  } catch (const TransferRefused& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

SyxFile load_or_refuse(const std::string& path, const std::string& command) {
  try {
    return load_syx(path);
  } catch (const TransferRefused& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

std::string pacing_words(const Pacing& p) {
  if (p.full_speed()) return "at full speed";
  char buf[96];
  std::snprintf(buf, sizeof buf, "in %u-byte chunks at %.0f B/s", p.chunk_bytes, p.rate_bps);
  return buf;
}

}  // namespace

int run_rehearse(const TransferOptions& options, Console& console) {
  refuse_host_without_emulate("rehearse", options.host, options.emulate);
  const bool real = !options.out.empty() || !options.in.empty();
  if (real == !options.emulate.empty() || (real && (options.out.empty() || options.in.empty()))) {
    throw UsageError("midiloop rehearse: give --out PORT --in PORT (the loop), or --emulate MODEL");
  }
  const SyxFile file = load_or_refuse(options.file, "rehearse");
  const PacingChoice choice = choose_or_refuse(options, "rehearse", console);
  LoopUnderTest loop = open_loop("rehearse", options.api, options.out, options.in, options.emulate, options.seed,
                                 console, "The rehearsal did not finish: nothing is proven.\n", 1.0, options.host);
  auto& clock = loop.clock;
  auto& link = loop.link;
  const double wire_speed = loop.model_speed;
  console.out << "midiloop rehearse: " << options.file << " (" << file.messages.size() << " message"
              << (file.messages.size() == 1 ? "" : "s") << ", " << file.bytes.size()
              << " bytes) through " << link->info().out << " -> " << link->info().in << " " << pacing_words(choice.pacing)
              << ", from " << choice.source << "; about "
              << minutes(static_cast<double>(planned_transfer_ns(file.messages, choice.pacing)) / 1e9 / wire_speed) << "\n"
              << std::flush;
  SteadyClock progress_clock;
  TransferProgress progress(console.err, options.progress, progress_clock);
  EngineOptions engine_options;
  engine_options.wire_speed = wire_speed;
  engine_options.should_stop = [&] { return console.interrupted && *console.interrupted != 0; };
  engine_options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  Engine engine(*link, *clock, engine_options);
  const Capture capture = engine.run(file.messages, choice.pacing);
  progress.clear();
  const Rehearsal r = compare_rehearsal(capture, file.messages);
  const Alignment& a = r.alignment;
  std::size_t sent_bytes = 0;
  for (const auto& c : capture.chunks) sent_bytes += c.length;
  if (r.interrupted) {
    console.out << "Interrupted after " << std::min(sent_bytes, file.bytes.size()) << " of " << file.bytes.size()
                << " bytes; " << r.messages_intact << " messages came back intact so far. Nothing is proven.\n";
    return kExitInterrupted;
  }
  console.out << r.messages_intact << " of " << r.messages << " messages came back intact; " << a.dropped
              << " bytes dropped, " << a.inserted << " inserted, " << a.corrupted << " corrupted";
  if (a.first_error_sent) console.out << "; first error at byte " << *a.first_error_sent;
  console.out << ".\n";
  if (r.intact()) {
    console.out << "Rehearsal passed: this file survives this interface " << pacing_words(choice.pacing) << ".\n";
    return kExitSafe;
  }
  console.out << "Rehearsal FAILED: do not send this file " << pacing_words(choice.pacing) << " through this interface.\n";
  return kExitFails;
}

int run_send(const TransferOptions& options, Console& console) {
  if (options.out.empty()) throw UsageError("midiloop send: give --out PORT: the port the instrument is on");
  const SyxFile file = load_or_refuse(options.file, "send");
  const PacingChoice choice = choose_or_refuse(options, "send", console);
  const double planned_s = static_cast<double>(planned_transfer_ns(file.messages, choice.pacing)) / 1e9;
  if (options.dry_run) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.17g", choice.pacing.rate_bps);  // exactly what the report said
    console.out << "Would send " << options.file << " (" << file.messages.size() << " messages, " << file.bytes.size()
                << " bytes) to '" << options.out << "' " << pacing_words(choice.pacing) << ", from " << choice.source
                << ": about " << minutes(planned_s) << ".\n"
                << "pacing: chunk_bytes=" << choice.pacing.chunk_bytes << " rate_bps=" << rate
                << " chunk_gap_us=" << choice.pacing.chunk_gap_us << " message_gap_us=" << choice.pacing.message_gap_us
                << "\n";
    return kExitSafe;
  }
  SteadyClock clock;
  const auto link = open_real_link(options.api, options.out, "", clock, [&console](const std::string& what) {
    console.err << "\nmidiloop send: " << what << "\nThe transfer did not finish: start the instrument's update "
                << "again before sending again.\n";
    console.err.flush();
    std::_Exit(kExitSystem);
  });
  console.out << "Sending " << options.file << " to " << link->info().out << " " << pacing_words(choice.pacing)
              << ", from " << choice.source << ": about " << minutes(planned_s) << ".\n"
              << std::flush;
  TransferProgress progress(console.err, options.progress, clock);
  EngineOptions engine_options;
  engine_options.expect_echo = false;
  engine_options.should_stop = [&] { return console.interrupted && *console.interrupted != 0; };
  engine_options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  Engine engine(*link, clock, engine_options);
  const Capture capture = engine.run(file.messages, choice.pacing);
  progress.clear();
  std::size_t sent = 0;
  for (const auto& c : capture.chunks) sent += c.length;
  if (capture.interrupted) {
    console.out << "Interrupted after " << sent << " of " << file.bytes.size() << " bytes: the instrument has an "
                << "incomplete update. Start its update mode again and send the whole file.\n";
    return kExitInterrupted;
  }
  console.out << "Sent " << sent << " bytes in " << minutes(static_cast<double>(capture.end_ns) / 1e9) << ".\n";
  return kExitSafe;
}

int run_report(const ReportOptions& options, Console& console) {
  nlohmann::json report;
  try {
    report = load_report_json(options.file);
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("midiloop report: ") + e.what());
  }
  refuse_same_file("report", options.file, options.html);
  try {
    write_file_atomically(options.html, report_html(report), "HTML report");
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("midiloop report: ") + e.what() + "; choose another --html path");
  }
  console.out << "HTML report: " << options.html << "\n";
  return kExitSafe;
}

int cli_main(int argc, const char* const* argv, Console& console) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) {
      console.err << kOverview;
      return kExitUsage;
    }
    const std::string& command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help") {
      console.out << kOverview;
      return kExitSafe;
    }
    if (command == "--version") {
      console.out << "midiloop " << kVersion << "\n";
      return kExitSafe;
    }
    if (command == "list") {
      ListOptions options;
      const auto desc = list_description(options);
      const auto vm = parse(rest, desc, command);
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      return run_list(options, console);
    }
    if (command == "models") {
      po::options_description desc("Usage: midiloop models\n\nLists the emulated interfaces, what each models and "
                                   "its parameters, and the host models --host puts in front of them");
      desc.add_options()("help,h", "show this help");
      const auto vm = parse(rest, desc, command);
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      return run_models(console);
    }
    if (command == "run") {
      RunOptions options;
      const auto desc = run_description(options);
      const auto vm = parse(rest, desc, command);
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      if (vm.count("help-suites")) {
        for (const auto& name : suite_names()) {
          std::string text = wrap(suite_by_name(name)->description, 76);
          for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
            text.insert(at + 1, "  ");
          }
          console.out << name << "\n  " << text << "\n";
        }
        return kExitSafe;
      }
      if (vm.count("wire-speed")) {
        options.wire_speed = vm["wire-speed"].as<double>();
      } else if (!options.emulate.empty()) {
        try {
          options.wire_speed = parse_model_spec(options.emulate).settings.speed;
        } catch (const std::invalid_argument&) {
          // run_run reports the bad model spec
        }
      }
      options.progress = !vm.count("no-progress") && ::isatty(STDERR_FILENO);
      return run_run(options, console);
    }
    if (command == "check-file") {
      CheckFileOptions options;
      po::options_description desc(
          "Usage: midiloop check-file FILE.syx [--rate B/s [--chunk-bytes N]]\n\n"
          "Reads a .syx file and reports its messages, sizes, manufacturer IDs, a recognised Elektron\n"
          "header and every defect with its byte offset, and how long it takes to send. Exit 2 if it\n"
          "is malformed");
      desc.add_options()("help,h", "show this help")("file", po::value(&options.path), "the .syx file")(
          "rate", po::value(&options.rate_bps), "also give the time at this many bytes per second")(
          "chunk-bytes", po::value(&options.chunk_bytes), "the chunk size that goes with --rate");
      const auto vm = parse(rest, desc, command, "file");
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      if (options.path.empty()) throw UsageError("midiloop check-file: name a .syx file");
      return run_check_file(options, console);
    }
    if (command == "compare") {
      std::vector<std::string> paths;
      std::string format = "text";
      po::options_description desc(
          "Usage: midiloop compare A.json B.json ... [--format text|md|csv|json]\n\n"
          "Puts reports of 'midiloop run' side by side: verdict, safe pacing, largest clean SysEx, loss at\n"
          "full speed, time for a 1.6 MB OS, latency, deviations. Colour only on a terminal (NO_COLOR\n"
          "turns it off)");
      desc.add_options()("help,h", "show this help")("report", po::value(&paths)->composing(), "a report")(
          "format", po::value(&format)->default_value(format), "text, md, csv or json");
      const auto vm = parse(rest, desc, command, "report", -1);
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      const std::map<std::string, CompareFormat> formats = {
          {"text", CompareFormat::text}, {"md", CompareFormat::md}, {"csv", CompareFormat::csv}, {"json", CompareFormat::json}};
      if (!formats.count(format)) throw UsageError("midiloop compare: --format is text, md, csv or json, not '" + format + "'");
      if (paths.empty()) throw UsageError("midiloop compare: name one or more reports of 'midiloop run'");
      std::vector<CompareRow> rows;
      for (const auto& path : paths) {
        try {
          rows.push_back(compare_row(load_report_json(path), path));
        } catch (const std::runtime_error& e) {
          throw UsageError(std::string("midiloop compare: ") + e.what());
        }
      }
      const bool colour = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
      console.out << render_comparison(rows, formats.at(format), colour);
      return kExitSafe;
    }
    if (command == "rehearse" || command == "send") {
      TransferOptions options;
      const bool send = command == "send";
      po::options_description desc(
          send ? "Usage: midiloop send FILE.syx --out PORT (--report R | --rate B/s [--chunk-bytes N]) "
                 "[--dry-run] [--force]\n\n"
                 "Sends the file to an instrument with the pacing a report proved safe (or the one given).\n"
                 "Refuses a pacing the report saw losing data unless --force, warns when the report was made\n"
                 "on another port, and never sends a file check-file rejects"
               : "Usage: midiloop rehearse FILE.syx (--out PORT --in PORT | --emulate MODEL)\n"
                 "                         (--report R | --rate B/s [--chunk-bytes N])\n\n"
                 "Sends the real file through the loop with the chosen pacing and compares what comes back,\n"
                 "byte for byte and message by message: the final proof before an update");
      desc.add_options()("help,h", "show this help")("file", po::value(&options.file), "the .syx file")(
          "out", po::value(&options.out), "output port: number from 'midiloop list' or part of its name")(
          "api", po::value(&options.api)->default_value(options.api), ("MIDI API: " + join(all_api_choices(), ", ")).c_str())(
          "report", po::value<std::string>(), "take the pacing from this report of 'midiloop run'")(
          "rate", po::value<double>(), "send at this many bytes per second")(
          "chunk-bytes", po::value<uint32_t>(), "in chunks of this many bytes (with --rate; default 48)")(
          "force", po::bool_switch(&options.force), "use a pacing the report saw losing data")(
          "no-progress", "no progress line on stderr");
      if (send) {
        desc.add_options()("dry-run", po::bool_switch(&options.dry_run), "say what would be sent; open no port");
      } else {
        desc.add_options()("in", po::value(&options.in), "input port of the loop")(
            "emulate", po::value(&options.emulate), "rehearse on an emulated interface (see 'midiloop models')")(
            "host", po::value(&options.host), "with --emulate: an emulated host in front of it (see 'midiloop models')")(
            "seed", po::value(&options.seed)->default_value(options.seed), "seed for an emulated model");
      }
      const auto vm = parse(rest, desc, command, "file");
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      if (options.file.empty()) throw UsageError("midiloop " + command + ": name a .syx file");
      if (vm.count("report")) options.report = vm["report"].as<std::string>();
      if (vm.count("rate")) options.rate_bps = vm["rate"].as<double>();
      if (vm.count("chunk-bytes")) options.chunk_bytes = vm["chunk-bytes"].as<uint32_t>();
      options.progress = !vm.count("no-progress") && ::isatty(STDERR_FILENO);
      return send ? run_send(options, console) : run_rehearse(options, console);
    }
    if (command == "emulate") {
      EmulateOptions options;
      po::options_description desc(
          "Usage: midiloop emulate MODEL[:key=value,...] [options]\n\n"
          "Exposes an emulated interface as MIDI ports NAME:in and NAME:out, in real time, so any\n"
          "program (midiloop run, amidi, a DAW) can be tested against it. See 'midiloop models'");
      desc.add_options()("help,h", "show this help")(
          "model", po::value(&options.model), "the model, with parameters (also the first argument)")(
          "name", po::value(&options.name), "port client name (default: emulated-MODEL)")(
          "api", po::value(&options.api)->default_value(options.api), ("MIDI API: " + join(all_api_choices(), ", ")).c_str())(
          "speed", po::value<double>(), "wire speed as a multiple of 3125 B/s (overrides the model's speed=)")(
          "seed", po::value(&options.seed)->default_value(options.seed), "seed for the model's random faults");
      const auto vm = parse(rest, desc, command, "model");
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      if (options.model.empty()) throw UsageError("midiloop emulate: name a model (see 'midiloop models')");
      if (vm.count("speed")) options.speed = vm["speed"].as<double>();
      return run_emulate(options, console);
    }
    if (command == "report") {
      ReportOptions options;
      po::options_description desc(
          "Usage: midiloop report FILE.json --html OUT.html\n\n"
          "Renders a report of 'midiloop run' as one HTML page: the verdict, the recommended settings,\n"
          "charts of what passed by size and pacing, of throughput and of latency, the compliance\n"
          "checks, and every test with a hex dump of its first error. The page loads nothing and needs\n"
          "no JavaScript: open it in any browser, attach it to a bug report");
      desc.add_options()("help,h", "show this help")("file", po::value(&options.file), "the JSON report")(
          "html", po::value(&options.html), "where to write the HTML page");
      const auto vm = parse(rest, desc, command, "file");
      if (vm.count("help")) return console.out << desc << "\n", kExitSafe;
      if (options.file.empty()) throw UsageError("midiloop report: name a JSON report of 'midiloop run'");
      if (options.html.empty()) throw UsageError("midiloop report: give --html OUT.html: where to write the page");
      return run_report(options, console);
    }
    throw UsageError("midiloop: unknown command '" + command +
                     "'; commands: list, run, models, emulate, check-file, rehearse, send, compare, report (see "
                     "'midiloop --help')");
  } catch (const UsageError& e) {
    console.err << e.what() << "\n";
    return kExitUsage;
  } catch (const PortSelectionError& e) {
    console.err << "midiloop: " << e.what() << "\n";
    return kExitUsage;
  } catch (const LinkError& e) {
    console.err << "midiloop: " << e.what() << "\n";
    return kExitSystem;
  } catch (const std::exception& e) {
    console.err << "midiloop: " << e.what() << "\n";
    return kExitSystem;
  }
}

}  // namespace midiloop
