// The path users run, in real time: 'midiloop emulate MODEL --api jack' in one process (the device
// model inside its own JACK process callback) and 'midiloop run --api jack' in another, at the MIDI
// wire's own speed (x1), on a JACK server each test starts with the period it names. Every model's
// live verdict must be its in-process verdict (virtual clock, no host); good and cheap-fifo also at
// 128 and 1024 frames, good at 64 (below 256 frames, "no verdict: the host missed cycles" is also
// accepted); and a good interface stays PASS with both cores busy.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <iostream>
#include <thread>
#include <nlohmann/json.hpp>

#include "tester/emulator/device_model.hpp"
#include "tests/support/jack_server.hpp"
#include "tests/support/process.hpp"

namespace midiloop {
namespace {

using namespace std::chrono_literals;
using testing::BackgroundProcess;
using testing::JackServer;
using testing::run_process;

const std::string kMidiloop = MIDILOOP_BINARY;

struct LiveCase {
  std::string model;
  unsigned period;
};

std::vector<LiveCase> live_cases() {
  std::vector<LiveCase> cases;
  for (const ModelInfo& model : emulator_models()) cases.push_back({model.name, 256});
  for (unsigned period : {64u, 128u, 1024u}) {
    cases.push_back({"good", period});
    // At 64 frames a server without realtime scheduling misses cycles on two loaded cores, and
    // cheap-fifo's pacing search, twice over when the host disturbed the first run, took 6 of CI's
    // 30 minutes to say mostly "no verdict"; 128 frames shows its pacing at a short period.
    if (period != 64) cases.push_back({"cheap-fifo", period});
  }
  return cases;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, false);
}

// The shortest period at which a JACK server without realtime scheduling kept every cycle here
// often enough to demand a verdict of every run.
constexpr unsigned kShortestSteadyPeriod = 256;

std::string tag_of(const LiveCase& c) { return c.model + "-" + std::to_string(c.period); }

// Test names stay the same from build to build (not the bytes of the parameter).
[[maybe_unused]] void PrintTo(const LiveCase& c, std::ostream* out) { *out << tag_of(c); }

// A report's tests that the host disturbed on both tries, with what it did.
std::string host_trouble(const nlohmann::json& report) {
  std::string out;
  for (const auto& t : report["tests"]) {
    if (t.contains("host_trouble") && !t["host_trouble"].is_null()) {
      out += "  " + t["id"].get<std::string>() + ": " + t["host_trouble"].get<std::string>() + "\n";
    }
  }
  return out;
}

class Live {
 public:
  Live(const LiveCase& c, const std::string& report) : server_(tag_of(c), c.period), report_(report) {
    if (!server_.ready()) return;
    env_ = {{"JACK_DEFAULT_SERVER", server_.name()}};
    name_ = "emu-" + tag_of(c);
    emulator_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{kMidiloop, "emulate", c.model, "--api", "jack", "--name", name_}, env_);
    ready_ = testing::wait_until(
        [&] { return run_process({kMidiloop, "list", "--api", "jack"}, 10s, env_).out.find(name_ + ":in") != std::string::npos; },
        20s, 100ms);
  }
  bool ready() const { return ready_; }
  std::string problem() const { return server_.ready() ? "midiloop emulate did not show its ports" : server_.problem(); }
  testing::ProcessResult run(std::chrono::milliseconds deadline = 400s) {
    return run_process({kMidiloop, "run", "--api", "jack", "--out", name_, "--in", name_, "--suite", "quick", "--report",
                        report_, "--no-progress"},
                       deadline, env_);
  }
  int stop() { return emulator_->stop(); }

 private:
  JackServer server_;
  std::string report_;
  std::map<std::string, std::string> env_;
  std::string name_;
  std::unique_ptr<BackgroundProcess> emulator_;
  bool ready_ = false;
};

std::string report_path(const std::string& what) {
  return ::testing::TempDir() + "midiloop-live-" + std::to_string(::getpid()) + "-" + what + ".json";
}

class LiveConformance : public ::testing::TestWithParam<LiveCase> {
 protected:
  void SetUp() override {
    if (::access("/usr/bin/jackd", X_OK) != 0) GTEST_SKIP() << "jackd is not installed (Debian package jackd2)";
  }
};

TEST_P(LiveConformance, LiveVerdictIsTheInProcessVerdict) {
  const LiveCase& c = GetParam();
  const std::string in_process_path = report_path(tag_of(c) + "-in-process");
  const auto in_process =
      run_process({kMidiloop, "run", "--emulate", c.model, "--suite", "quick", "--report", in_process_path, "--no-progress"},
                  60s);
  ASSERT_FALSE(in_process.timed_out);
  const auto expected = read_json(in_process_path);
  ASSERT_FALSE(expected.is_discarded()) << in_process.out << in_process.err;

  const std::string live_path = report_path(tag_of(c));
  Live live(c, live_path);
  ASSERT_TRUE(live.ready()) << live.problem();
  auto r = live.run();
  auto report = read_json(live_path);
  // A machine too busy for the period gives no verdict (INCOMPLETE, host_trouble), by design; that
  // is a measured condition of this machine, so the run is tried once more before judging. Not at
  // 64 frames, where that outcome is accepted below: there a second run cost 75 s and, in the last
  // CI run on an otherwise idle machine, missed 57 cycles too.
  if (!report.is_discarded() && report["stopped"] == "host_trouble" && c.period != 64) {
    std::cout << c.model << " at " << c.period << " frames: the host disturbed the run; trying once more\n"
              << host_trouble(report);
    r = live.run();
    report = read_json(live_path);
  }
  EXPECT_EQ(live.stop(), 0) << "midiloop emulate should stop cleanly on SIGTERM";
  ASSERT_FALSE(r.timed_out) << r.out << r.err;
  ASSERT_FALSE(report.is_discarded()) << r.out << r.err;
  const std::string trouble = host_trouble(report);
  std::cout << c.model << " at " << c.period << " frames: live " << report["verdict"] << ", in process "
            << expected["verdict"] << "; host xruns " << report["host"]["xruns"] << "\n"
            << trouble;
  // Below 256 frames (2.7 ms at 128, 1.3 ms at 64) a server without realtime scheduling on this
  // kind of machine misses cycles even when nothing else runs, and those lose and insert bytes on
  // the host (CI, idle: 57 xruns at 64 frames; at 128, both tries of good disturbed a failing
  // train). There, and only there, "no verdict: the host disturbed failing tests" (INCOMPLETE,
  // host_trouble, exit 4, with the xruns counted) is an honest outcome; a different verdict never is.
  if (c.period < kShortestSteadyPeriod && report["verdict"] == "INCOMPLETE" && report["stopped"] == "host_trouble") {
    EXPECT_GT(report["host"]["xruns"].get<int>(), 0) << r.out;
    EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
    std::cout << "  no verdict at " << c.period << " frames: the host missed " << report["host"]["xruns"]
              << " cycles\n";
    return;
  }
  EXPECT_EQ(report["verdict"], expected["verdict"]) << r.out << r.err;
  EXPECT_EQ(r.exit_code, in_process.exit_code) << r.out << r.err;
  EXPECT_EQ(report.value("conditions", nlohmann::json::array()), expected.value("conditions", nlohmann::json::array()));
  EXPECT_EQ(report["link"]["timestamps"], "jack-frame");
  EXPECT_EQ(report["link"]["period_frames"], c.period);
  EXPECT_NEAR(report["link"]["host_delay_ns"].get<double>(), c.period * 1e9 / 48000, 1000);

  if (c.model == "good") {
    // The same device live and in process: latency within 0.5 ms, and the wire's full rate on
    // every message of 1 KB or more sent at full speed.
    ASSERT_TRUE(report["latency"].is_object()) << r.out;
    EXPECT_NEAR(report["latency"]["median_ms"].get<double>(), expected["latency"]["median_ms"].get<double>(), 0.5)
        << report["latency"];
    // No probe back sooner than a wire allows, unless the server missed cycles at a short period:
    // at 128 frames with 16 xruns one probe came back 0.0 ms after its host delay (CI). The report
    // does not yet say which xruns fell in the latency probes (see the issue notes).
    if (c.period >= kShortestSteadyPeriod || report["host"]["xruns"] == 0) {
      EXPECT_EQ(report["latency"]["below_wire_floor"], 0) << report["latency"];
    }
    for (const auto& t : report["tests"]) {
      const bool full_speed = t["pacing"]["rate_bps"] == 0 && t["pacing"]["chunk_gap_us"] == 0;
      if (!full_speed || t["size_bytes"].get<int>() < 1024) continue;
      EXPECT_GE(t["wire_share"].get<double>(), 0.99) << t["id"];
      EXPECT_LE(t["wire_share"].get<double>(), 1.01) << t["id"];
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Models, LiveConformance, ::testing::ValuesIn(live_cases()),
                         [](const ::testing::TestParamInfo<LiveCase>& info) {
                           std::string name = tag_of(info.param);
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

// A loaded machine makes a JACK server without realtime scheduling miss cycles (xruns), and the
// host then loses or delays MIDI on its own. midiloop must re-run or set those tests aside, never
// call the interface broken or the loop software (FAIL, NOT_DIN).
TEST(LiveUnderLoad, GoodIsPassOrSetsTheHostsTroubleAside) {
  if (::access("/usr/bin/jackd", X_OK) != 0) GTEST_SKIP() << "jackd is not installed (Debian package jackd2)";
  const LiveCase c{"good", 256};
  const std::string path = report_path("load");
  Live live(c, path);
  ASSERT_TRUE(live.ready()) << live.problem();
  std::atomic<bool> busy{true};
  std::vector<std::thread> burners;
  for (unsigned k = 0; k < std::max(2u, std::thread::hardware_concurrency()); ++k) {
    burners.emplace_back([&] {
      volatile uint64_t x = 0;
      while (busy) x = x + 1;
    });
  }
  const auto r = live.run();
  busy = false;
  for (auto& t : burners) t.join();
  live.stop();
  ASSERT_FALSE(r.timed_out) << r.out << r.err;
  const auto report = read_json(path);
  ASSERT_FALSE(report.is_discarded()) << r.out << r.err;
  std::cout << "under load: verdict " << report["verdict"] << ", host xruns " << report["host"]["xruns"] << "\n"
            << host_trouble(report);
  // PASS; or, when the host spoiled a test so that it failed on both tries, no verdict at all
  // (INCOMPLETE, "host_trouble", exit 4) rather than a verdict resting on the host's errors.
  if (report["verdict"] == "INCOMPLETE") {
    EXPECT_EQ(report["stopped"], "host_trouble") << r.out;
    EXPECT_EQ(r.exit_code, 4);
  } else {
    EXPECT_EQ(report["verdict"], "PASS") << r.out;
    EXPECT_EQ(r.exit_code, 0);
  }
  for (const auto& t : report["tests"]) {
    const bool set_aside = t.contains("host_trouble") && !t["host_trouble"].is_null();
    EXPECT_TRUE(t["pass"].get<bool>() || set_aside) << t["id"];
    EXPECT_TRUE(!t["faster_than_wire"].get<bool>() || set_aside) << t["id"];
  }
}

}  // namespace
}  // namespace midiloop
