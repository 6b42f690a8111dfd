// send end to end on a JACK server this test starts: midiloop runs as its own process, and a JACK
// client in this process stands in for the instrument (recording every byte with its JACK time)
// and for a DAW whose transport is running (sending clock into the port send listens on).
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "tests/support/jack_recorder.hpp"
#include "tests/support/jack_server.hpp"
#include "tests/support/process.hpp"

namespace midiloop {
namespace {

using namespace std::chrono_literals;
using testing::JackRecorder;
using testing::JackServer;
using testing::run_process;

const std::string kMidiloop = MIDILOOP_BINARY;
constexpr int64_t kWireByteUs = 320;  // MIDI 1.0: 10 bits at 31.25 kbaud
constexpr unsigned kPeriod = 256;     // frames at 48 kHz: 5.3 ms, the finest a JACK time is here
constexpr int64_t kPeriodUs = kPeriod * 1'000'000 / 48'000 + 1;

class SendEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::access("/usr/bin/jackd", X_OK) != 0) return;
    server_ = new JackServer("send-e2e", kPeriod);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << "jackd is not installed (Debian package jackd2; scripts/test.sh installs it)";
    if (!server_->ready()) GTEST_FAIL() << server_->problem();
    instrument_ = std::make_unique<JackRecorder>("instrument", server_->name());
    ASSERT_TRUE(instrument_->ok()) << instrument_->problem();
    dir_ = std::filesystem::path(::testing::TempDir()) / ("midiloop-send-e2e-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    instrument_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::map<std::string, std::string> env() const { return {{"JACK_DEFAULT_SERVER", server_->name()}}; }

  // A .syx of `count` messages of `length` bytes: F0 7D <tag> <message number> 00... F7, so every
  // message says which file and which message it is.
  std::string syx(const std::string& name, uint8_t tag, std::size_t count, std::size_t length) const {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    for (std::size_t k = 1; k <= count; ++k) {
      std::vector<char> m(length, 0x00);
      m[0] = static_cast<char>(0xF0);
      m[1] = 0x7D;
      m[2] = static_cast<char>(tag);
      m[3] = static_cast<char>(k);
      m[length - 1] = static_cast<char>(0xF7);
      out.write(m.data(), static_cast<std::streamsize>(m.size()));
    }
    return path;
  }

  static JackServer* server_;
  std::unique_ptr<JackRecorder> instrument_;
  std::filesystem::path dir_;
};
JackServer* SendEndToEnd::server_ = nullptr;

// "(7.104 s from the first byte ..." in send's last line, in microseconds; -1 when missing.
int64_t reported_us(const std::string& out) {
  const auto at = out.find(" s from the first byte leaving the host");
  if (at == std::string::npos) return -1;
  const auto open = out.rfind('(', at);
  return static_cast<int64_t>(std::stod(out.substr(open + 1, at - open - 1)) * 1e6);
}

TEST_F(SendEndToEnd, ClockOnTheInputStopsTheSendBeforeAnyByte) {
  JackRecorder daw("daw", server_->name());
  ASSERT_TRUE(daw.ok()) << daw.problem();
  daw.send_clock(1000);  // 48 clocks a second: 120 bpm
  const std::string file = syx("a.syx", 1, 4, 20);
  const auto r = run_process({kMidiloop, "send", file, "--api", "jack", "--out", "instrument", "--in", "daw",
                              "--rate", "3000", "--no-progress"},
                             30s, env());
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("nothing was sent: the line is not quiet on 'daw:out'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("something is sending MIDI clock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stop your DAW's transport"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("Sending"), std::string::npos) << r.out;
  // The process has ended and its JACK client with it: whatever it sent has been delivered.
  EXPECT_EQ(instrument_->count(), 0u) << "bytes reached the instrument";

  // The same line with the transport stopped: listened to for 2 s, then sent.
  daw.send_clock(0);
  const auto quiet = run_process({kMidiloop, "send", file, "--api", "jack", "--out", "instrument", "--in", "daw",
                                  "--rate", "3000", "--no-progress"},
                                 30s, env());
  EXPECT_EQ(quiet.exit_code, 0) << quiet.out << quiet.err;
  EXPECT_NE(quiet.out.find("The line is quiet."), std::string::npos) << quiet.out;
  EXPECT_GE(quiet.elapsed, 2s) << "listened for less than 2 s";
  EXPECT_EQ(instrument_->count(), 80u);
  std::printf("quiet line checked and 80 bytes sent in %lld ms\n", static_cast<long long>(quiet.elapsed.count()));
}

TEST_F(SendEndToEnd, DoneIsReportedOnlyAfterTheLastBytesWireTime) {
  // 6000 bytes handed over at 20 kB/s take 0.3 s; the wire needs 1.92 s after the first byte.
  const std::string file = syx("big.syx", 1, 50, 120);
  const auto r = run_process({kMidiloop, "send", file, "--api", "jack", "--out", "instrument", "--rate", "20000",
                              "--chunk-bytes", "96", "--no-progress"},
                             60s, env());
  const int64_t exited_us = instrument_->now_us();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("The line was not checked for clock or Active Sensing: give --in PORT"), std::string::npos)
      << r.out;
  ASSERT_EQ(instrument_->count(), 6000u);
  EXPECT_NE(r.out.find("Sent 6000 bytes (50 messages) in 0 min 02 s"), std::string::npos) << r.out;
  const int64_t wire_us = 6000 * kWireByteUs;
  const int64_t reported = reported_us(r.out);
  ASSERT_GE(reported, 0) << r.out;
  EXPECT_GE(reported, wire_us) << r.out;
  EXPECT_LT(reported, wire_us + 100'000) << "waited far past the drain point: " << r.out;
  // On JACK's own clock: the process said done no earlier than the last byte's wire time after the
  // first byte reached the instrument (less one period: a JACK time is a cycle's frame).
  EXPECT_GE(exited_us - instrument_->time_us(0), wire_us - kPeriodUs);
  std::printf("6000 bytes handed over in %lld us, reported done %lld us after the first left (wire: %lld us)\n",
              static_cast<long long>(instrument_->time_us(5999) - instrument_->time_us(0)),
              static_cast<long long>(reported), static_cast<long long>(wire_us));
}

TEST_F(SendEndToEnd, SeveralFilesGoInOrderWithThePauseAfterEachDrains) {
  const std::vector<std::string> files = {syx("a.syx", 1, 10, 100), syx("b.syx", 2, 10, 100), syx("c.syx", 3, 10, 100)};
  const auto r = run_process({kMidiloop, "send", files[0], files[1], files[2], "--api", "jack", "--out", "instrument",
                              "--rate", "20000", "--pause-between-files", "400", "--no-listen", "--no-progress"},
                             60s, env());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Sent file 2 of 3, " + files[1] + ": 1000 bytes, 10 messages."), std::string::npos) << r.out;
  ASSERT_EQ(instrument_->count(), 3000u);
  for (std::size_t f = 0; f < 3; ++f) {
    EXPECT_EQ(instrument_->byte(f * 1000 + 2), f + 1) << "file " << f + 1 << " in its place";
  }
  // Each file's first byte comes no sooner than the one before it had drained (1000 bytes on the
  // wire) and the pause had passed, and not much later.
  const int64_t least_us = 1000 * kWireByteUs + 400'000;
  for (std::size_t f = 1; f < 3; ++f) {
    const int64_t apart = instrument_->time_us(f * 1000) - instrument_->time_us((f - 1) * 1000);
    EXPECT_GE(apart, least_us - kPeriodUs) << "file " << f + 1;
    EXPECT_LT(apart, least_us + 150'000) << "file " << f + 1;
    std::printf("file %zu began %lld us after file %zu (at least %lld)\n", f + 1, static_cast<long long>(apart), f,
                static_cast<long long>(least_us));
  }
}

TEST_F(SendEndToEnd, FromMessageResumesAtThatMessage) {
  const std::vector<std::string> files = {syx("a.syx", 1, 10, 30), syx("b.syx", 2, 10, 30)};
  const auto r = run_process({kMidiloop, "send", files[0], files[1], "--api", "jack", "--out", "instrument", "--rate",
                              "20000", "--from-file", "2", "--from-message", "4", "--no-listen", "--no-progress"},
                             60s, env());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_EQ(instrument_->count(), 7u * 30) << "messages 4 to 10 of b.syx";
  EXPECT_EQ(instrument_->byte(0), 0xF0);
  EXPECT_EQ(instrument_->byte(2), 2) << "b.syx";
  EXPECT_EQ(instrument_->byte(3), 4) << "its message 4 first";
  EXPECT_EQ(instrument_->byte(6 * 30 + 3), 10) << "and its message 10 last";
}

// Ctrl-C mid-file: send names the message to resume at, and it is the one the instrument was in the
// middle of (or just past: bytes the host held when the process ended never reached it).
TEST_F(SendEndToEnd, CtrlCSaysWhereToResume) {
  const std::string file = syx("slow.syx", 1, 100, 30);  // 3 s at 1000 B/s
  testing::SignalPlan plan;
  plan.when_out_contains = "Sending ";
  plan.signals = {SIGINT};
  const auto r = run_process({kMidiloop, "send", file, "--api", "jack", "--out", "instrument", "--rate", "1000",
                              "--no-listen", "--no-progress"},
                             60s, env(), plan);
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 130) << r.out << r.err;
  const auto at = r.out.find("--from-file 1 --from-message ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::size_t resume = std::stoul(r.out.substr(at + 29));
  const std::size_t arrived = instrument_->count();
  ASSERT_LT(arrived, 3000u) << "the whole file went: the interrupt came too late to test anything";
  // The message holding the last byte that arrived, or a later one (handed over, never delivered).
  EXPECT_GE(resume, arrived == 0 ? 1 : (arrived - 1) / 30 + 1) << r.out;
  EXPECT_LE(resume, arrived / 30 + 2) << "skips messages the instrument never got: " << r.out;
  std::printf("interrupted with %zu bytes at the instrument; resume at message %zu\n", arrived, resume);
}

}  // namespace
}  // namespace midiloop
