// End to end through a real JACK server (dummy driver, no sound hardware) that this test starts
// and stops itself, with the real RtMidi library on both sides: midiloop runs as its own process.
#include <RtMidi.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <nlohmann/json.hpp>

#include "tests/support/jack_server.hpp"
#include "tests/support/jack_thru.hpp"
#include "tests/support/process.hpp"

namespace midiloop {
namespace {

using namespace std::chrono_literals;
using testing::BackgroundProcess;
using testing::run_process;

const std::string kMidiloop = MIDILOOP_BINARY;

using testing::JackServer;

// A software loop: whatever reaches "loop-thru-in:in" leaves again on "loop-thru-out:out" —
// what a virtual port or a wrong port choice looks like to midiloop. With forward=false the
// ports exist but nothing comes back, like an interface without its loop cable.
class SoftwareThru {
 public:
  explicit SoftwareThru(bool forward)
      : out_(RtMidi::UNIX_JACK, "loop-thru-out"), in_(RtMidi::UNIX_JACK, "loop-thru-in") {
    in_.ignoreTypes(false, false, false);
    if (forward) in_.setCallback(&SoftwareThru::forward, this);
    in_.openVirtualPort("in");
    out_.openVirtualPort("out");
  }

 private:
  static void forward(double, std::vector<unsigned char>* message, void* self) {
    // RtMidi's JACK output drops anything above its 16 KB ring buffer, so pass it on in pieces.
    auto& out = static_cast<SoftwareThru*>(self)->out_;
    for (std::size_t at = 0; at < message->size(); at += 4096) {
      out.sendMessage(message->data() + at, std::min<std::size_t>(4096, message->size() - at));
    }
  }
  // Declared in this order so that in_ is destroyed first: closing its JACK client stops the
  // callback that forwards into out_ (destroying out_ first crashed the test now and then).
  RtMidiOut out_;
  RtMidiIn in_;
};

class JackEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::access("/usr/bin/jackd", X_OK) != 0) return;
    server_ = new JackServer("e2e");
    ::setenv("JACK_DEFAULT_SERVER", server_->name().c_str(), 1);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << "jackd is not installed (Debian package jackd2; scripts/test.sh installs it)";
    if (!server_->ready()) GTEST_FAIL() << server_->problem();
    report_ = ::testing::TempDir() + "midiloop-e2e-" + std::to_string(::getpid()) + ".json";
  }
  std::map<std::string, std::string> env() const { return {{"JACK_DEFAULT_SERVER", server_->name()}}; }
  // Every report these tests produce must match docs/report.schema.json.
  nlohmann::json read_report() const {
    bool unavailable = false;
    const std::string violations = testing::schema_violations(MIDILOOP_SOURCE_DIR, {report_}, unavailable);
    if (!unavailable) {
      EXPECT_EQ(violations, "") << report_;
    }
    std::ifstream in(report_);
    return nlohmann::json::parse(in);
  }

  static JackServer* server_;
  std::string report_;
};
JackServer* JackEndToEnd::server_ = nullptr;

TEST_F(JackEndToEnd, ListShowsJackPorts) {
  SoftwareThru thru(true);
  const auto r = run_process({kMidiloop, "list", "--api", "jack"}, 20s, env());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("loop-thru-in:in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("loop-thru-out:out"), std::string::npos) << r.out;
}

// A software loop that loses nothing: a libjack thru inside its process cycle. (An RtMidi thru is
// no good here: its JACK output drops what does not fit a cycle and its input keeps a SysEx whose
// F7 was lost, so at the rate a USB-MIDI device takes data it loses bytes of its own.)
TEST_F(JackEndToEnd, SoftwareLoopIsIntactButFlaggedNotDin) {
  testing::JackThru thru("loop-thru", server_->name());
  ASSERT_TRUE(thru.ok()) << thru.problem();
  const auto r = run_process({kMidiloop, "run", "--api", "jack", "--out", "loop-thru:in", "--in", "loop-thru:out",
                              "--suite", "quick", "--report", report_, "--no-progress"},
                             180s, env());
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict: NOT_DIN"), std::string::npos) << r.out;
  const auto report = read_report();
  EXPECT_EQ(report["verdict"], "NOT_DIN");
  EXPECT_EQ(report["link"]["kind"], "jack");
  EXPECT_EQ(report["link"]["timestamps"], "jack-frame");
  EXPECT_EQ(report["link"]["api"], "jack");
  EXPECT_EQ(report["clock"], "steady_clock");
  ASSERT_EQ(report["tests"].size(), 16u);
  bool any_too_fast = false;
  for (const auto& t : report["tests"]) {
    // Every byte intact: the software loop loses nothing, and midiloop must not say it did.
    EXPECT_EQ(t["bytes_received"], t["bytes_sent"]) << t["id"];
    EXPECT_EQ(t["errors"]["dropped"], 0) << t["id"];
    EXPECT_EQ(t["errors"]["inserted"], 0) << t["id"];
    EXPECT_EQ(t["errors"]["corrupted"], 0) << t["id"];
    EXPECT_EQ(t["errors"]["messages_missing"], 0) << t["id"];
    EXPECT_TRUE(t["pass"].get<bool>()) << t["id"];
    any_too_fast = any_too_fast || t["faster_than_wire"].get<bool>();
  }
  EXPECT_TRUE(any_too_fast);
  // A software thru passes every byte unchanged, so it meets every MIDI 1.0 check; and offered
  // twice the wire's rate, it delivers it: the throughput curve alone would say NOT_DIN.
  ASSERT_FALSE(report["compliance"].empty());
  for (const auto& c : report["compliance"]) {
    EXPECT_TRUE(c["pass"].get<bool>()) << c["id"] << " " << c["deviation"] << "\n  sent     " << c["sent_hex"]
                                       << "\n  received " << c["received_hex"];
  }
  ASSERT_TRUE(report["throughput"].is_object());
  const auto& top = report["throughput"]["steps"].back();
  EXPECT_TRUE(top["faster_than_wire"].get<bool>()) << top;
  EXPECT_GT(top["delivered_bps"].get<double>(), 3125 * 1.5) << top;
  EXPECT_EQ(report["latency"]["probes_returned"], report["latency"]["probes_sent"]);
}

// JACK's own latency tool and midiloop measure the same software loop on the same server and
// period: a thru that forwards within its process cycle. Both stamp with JACK frames, so their round
// trips agree to a fraction of a millisecond. jack_midi_latency_test prints its average, lowest and
// highest round trip (no median); midiloop takes the host's share (one period: the loop through the
// graph) off its figures and reports it, so its round trip is its figure plus that share.
double number_after(const std::string& text, const std::string& label) {
  const auto at = text.find(label);
  if (at == std::string::npos) return -1;
  return std::strtod(text.c_str() + at + label.size(), nullptr);
}

TEST_F(JackEndToEnd, LatencyAgreesWithJackMidiLatencyTest) {
  if (::access("/usr/bin/jack_midi_latency_test", X_OK) != 0) {
    GTEST_SKIP() << "jack_midi_latency_test is missing (Debian package jackd2; scripts/test.sh installs it)";
  }
  testing::JackThru thru("cycle-thru", server_->name());
  ASSERT_TRUE(thru.ok()) << thru.problem();
  const auto jack = run_process({"jack_midi_latency_test", "-s", "200", "-t", "5", "cycle-thru:in", "cycle-thru:out"},
                                60s, env());
  ASSERT_FALSE(jack.timed_out);
  ASSERT_EQ(jack.exit_code, 0) << jack.out << jack.err;
  const double jack_average = number_after(jack.out, "Average latency: ");
  const double jack_lowest = number_after(jack.out, "Lowest latency: ");
  const double jack_highest = number_after(jack.out, "Highest latency: ");
  ASSERT_GT(jack_average, 0) << jack.out;

  const auto r = run_process({kMidiloop, "run", "--api", "jack", "--out", "cycle-thru:in", "--in", "cycle-thru:out",
                              "--suite", "quick", "--report", report_, "--no-progress"},
                             180s, env());
  ASSERT_FALSE(r.timed_out);
  const auto report = read_report();
  ASSERT_TRUE(report["latency"].is_object()) << r.out << r.err;
  const auto& latency = report["latency"];
  ASSERT_GT(latency["probes_returned"].get<int>(), 0) << latency;
  const double host_ms = latency["host_delay_ms"].get<double>();
  const double median = latency["median_ms"].get<double>() + host_ms;
  const double mean = latency["mean_ms"].get<double>() + host_ms;
  constexpr double kPeriodMs = 1024 / 48.0;  // the test server's period
  std::cout << "jack_midi_latency_test: average " << jack_average << " ms, lowest " << jack_lowest << ", highest "
            << jack_highest << "; midiloop round trip: median " << median << " ms, mean " << mean
            << " (host's share " << host_ms << " ms, period " << kPeriodMs << " ms)\n";
  EXPECT_NEAR(host_ms, kPeriodMs, 0.01);
  EXPECT_NEAR(median, jack_average, 0.25) << jack.out << latency;
  EXPECT_NEAR(mean, jack_average, 0.25) << jack.out << latency;
  // A thru inside one cycle is no DIN cable: once the host's share is off, nothing is left.
  EXPECT_EQ(latency["below_wire_floor"], latency["probes_returned"]) << latency;
  EXPECT_EQ(report["verdict"], "NOT_DIN") << r.out;
}

TEST_F(JackEndToEnd, UnknownPortExits2AndListsCandidates) {
  SoftwareThru thru(true);
  const auto r = run_process(
      {kMidiloop, "run", "--api", "jack", "--out", "no-such-port", "--in", "loop-thru-out", "--no-report"}, 20s, env());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("no jack output port matches 'no-such-port'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("loop-thru-in:in"), std::string::npos) << r.err;
}

TEST_F(JackEndToEnd, AServerWithoutPortsIsAnUnknownPortNotASystemError) {
  // No program has ports on the server: the user has something to start, like a wrong port name.
  for (const char* api : {"jack", "auto"}) {
    const auto r =
        run_process({kMidiloop, "run", "--api", api, "--out", "x", "--in", "x", "--no-report"}, 20s, env());
    EXPECT_EQ(r.exit_code, 2) << api << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("no program has MIDI ports on it"), std::string::npos) << api << "\n" << r.err;
    EXPECT_EQ(r.err.find("is a JACK server running"), std::string::npos) << api << "\n" << r.err;
  }
}

TEST_F(JackEndToEnd, AmbiguousPortExits2AndListsTheMatches) {
  SoftwareThru first(true), second(true);  // JACK names the second client "loop-thru-in-01"
  const auto r = run_process(
      {kMidiloop, "run", "--api", "jack", "--out", "loop-thru-in", "--in", "loop-thru-out", "--no-report"}, 20s, env());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("'loop-thru-in' matches 2 jack output ports"), std::string::npos) << r.err;
}

TEST_F(JackEndToEnd, NothingComingBackIsNoLoopWithinBoundedTime) {
  SoftwareThru thru(false);
  const auto r = run_process({kMidiloop, "run", "--api", "jack", "--out", "loop-thru-in", "--in", "loop-thru-out",
                              "--suite", "quick", "--report", report_, "--no-progress"},
                             60s, env());
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict: NO_LOOP"), std::string::npos) << r.out;
  EXPECT_LT(r.elapsed, 10s);
  EXPECT_EQ(read_report()["verdict"], "NO_LOOP");
}

TEST_F(JackEndToEnd, CtrlCKeepsWhatWasMeasured) {
  SoftwareThru thru(true);
  const auto r = run_process({kMidiloop, "run", "--api", "jack", "--out", "loop-thru-in", "--in", "loop-thru-out",
                              "--suite", "quick", "--report", report_, "--no-progress"},
                             60s, env(), 3s);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_NE(r.out.find("INCOMPLETE"), std::string::npos) << r.out;
  const auto report = read_report();
  EXPECT_EQ(report["verdict"], "INCOMPLETE");
  EXPECT_TRUE(report["partial"].get<bool>());
  EXPECT_GE(report["tests"].size(), 1u);
  EXPECT_LT(report["tests"].size(), 16u);
}

TEST_F(JackEndToEnd, ServerVanishingMidRunExits4AndKeepsResults) {
  auto thru = std::make_unique<SoftwareThru>(true);
  std::thread crasher([&] {
    // Once three tests are on disk, the MIDI system disappears under midiloop.
    const bool progressed = testing::wait_until(
        [&] {
          std::ifstream in(report_);
          const auto j = nlohmann::json::parse(in, nullptr, false);
          return !j.is_discarded() && j.contains("tests") && j["tests"].size() >= 3;
        },
        60s);
    EXPECT_TRUE(progressed);
    server_->vanish();
  });
  const auto r = run_process({kMidiloop, "run", "--api", "jack", "--out", "loop-thru-in", "--in", "loop-thru-out",
                              "--suite", "quick", "--report", report_, "--no-progress"},
                             90s, env());
  crasher.join();
  ASSERT_FALSE(r.timed_out) << "midiloop hung after the JACK server vanished";
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_LT(r.elapsed, 40s);
  const auto report = read_report();
  EXPECT_EQ(report["verdict"], "INCOMPLETE");
  EXPECT_TRUE(report["partial"].get<bool>());
  EXPECT_GE(report["tests"].size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_TRUE(report["tests"][k]["pass"].get<bool>()) << k;
  const std::string said = r.out + r.err;
  EXPECT_TRUE(said.find("loop stopped returning data") != std::string::npos ||
              said.find("stopped taking data") != std::string::npos)
      << said;
  // The thru's RtMidi clients are not closed: jack2 can deadlock in jack_client_close once the
  // server has gone (see tester/links/jack/jack_client.cpp), and that is libjack's, not midiloop's.
  (void)thru.release();
}

// An instrument that only listens: counts the bytes that reach "sink:in".
class SoftwareSink {
 public:
  SoftwareSink() : in_(RtMidi::UNIX_JACK, "sink") {
    in_.ignoreTypes(false, false, false);
    in_.setCallback(&SoftwareSink::count, this);
    in_.openVirtualPort("in");
  }
  std::size_t bytes() const { return bytes_; }

 private:
  static void count(double, std::vector<unsigned char>* message, void* self) {
    static_cast<SoftwareSink*>(self)->bytes_ += message->size();
  }
  RtMidiIn in_;
  std::atomic<std::size_t> bytes_{0};
};

TEST_F(JackEndToEnd, SendDeliversEveryByteOfTheFile) {
  SoftwareSink sink;
  const std::string file = std::string(MIDILOOP_SOURCE_DIR) + "/tests/corpus/syx/valid/machinedrum-like.syx";
  const auto r = run_process({kMidiloop, "send", file, "--api", "jack", "--out", "sink", "--rate", "20000",
                              "--chunk-bytes", "96", "--no-progress"},
                             60s, env());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Sent 22200 bytes"), std::string::npos) << r.out;
  EXPECT_TRUE(testing::wait_until([&] { return sink.bytes() >= 22200; }, 10s)) << sink.bytes() << " bytes arrived";
  EXPECT_EQ(sink.bytes(), 22200u);
}

TEST_F(JackEndToEnd, RehearsalStoppedByCtrlCSaysHowFarItGot) {
  SoftwareThru thru(true);
  const std::string file = std::string(MIDILOOP_SOURCE_DIR) + "/tests/corpus/syx/valid/one-16k-message.syx";
  const auto r = run_process({kMidiloop, "rehearse", file, "--api", "jack", "--out", "loop-thru-in", "--in",
                              "loop-thru-out", "--rate", "1000", "--chunk-bytes", "48", "--no-progress"},
                             60s, env(), 2s);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_NE(r.out.find("Interrupted after"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("of 16383 bytes"), std::string::npos) << r.out;  // F0 7D, 16380 data bytes, F7
}

// Emulated interfaces on live JACK ports, at the wire's own speed: tests/e2e/live_conformance_test.cpp.

}  // namespace
}  // namespace midiloop
