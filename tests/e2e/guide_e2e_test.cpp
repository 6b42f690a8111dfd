// The guide on real ports in real time: a JACK server of the test's own with two "interfaces" on
// it, an emulated good one ('midiloop emulate') and a software thru; the guide, in a real terminal,
// must tell them apart by what comes back, and leave cleanly on Ctrl-C in the middle of the test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>

#include "tests/support/jack_server.hpp"
#include "tests/support/jack_thru.hpp"
#include "tests/support/process.hpp"
#include "tests/support/terminal.hpp"

namespace midiloop {
namespace {

using namespace std::chrono_literals;
using testing::Terminal;

const std::string kMidiloop = MIDILOOP_BINARY;

// The number the guide's list gives the interface named `name`.
std::string number_of(const std::string& screen, const std::string& name) {
  std::smatch match;
  const std::regex line("  ([0-9]+)\\) " + name + "  \\(jack\\)");
  return std::regex_search(screen, match, line) ? match[1].str() : "";
}

TEST(GuideLive, TellsASoftwareThruFromALoopAndLeavesOnCtrlCDuringTheTest) {
  if (::access("/usr/bin/jackd", X_OK) != 0) GTEST_SKIP() << "jackd is not installed (Debian package jackd2)";
  if (::access("/usr/bin/tmux", X_OK) != 0) GTEST_SKIP() << "tmux is not installed (Debian package tmux)";
  testing::JackServer server("guide", 256);
  ASSERT_TRUE(server.ready()) << server.problem();
  const std::map<std::string, std::string> env{{"JACK_DEFAULT_SERVER", server.name()}};
  testing::BackgroundProcess emulator({kMidiloop, "emulate", "good", "--api", "jack", "--name", "emu-guide"}, env);
  testing::JackThru thru("soft-thru", server.name());
  ASSERT_TRUE(thru.ok()) << thru.problem();
  ASSERT_TRUE(testing::wait_until(
      [&] { return testing::run_process({kMidiloop, "list", "--api", "jack"}, 10s, env).out.find("emu-guide:in") !=
                   std::string::npos; },
      20s, 100ms));
  const std::string folder = ::testing::TempDir() + "midiloop-guide-live-" + std::to_string(::getpid());
  std::filesystem::create_directories(folder);

  Terminal t("guide-live", folder,
             "TERM=xterm JACK_DEFAULT_SERVER=" + server.name() + " " + kMidiloop + " guide --api jack");
  ASSERT_TRUE(t.started()) << t.problem();
  ASSERT_TRUE(t.shows("Which one do you want to test? [1]", 30s)) << t.screen();
  const std::string emulated = number_of(t.screen(), "emu-guide");
  const std::string software = number_of(t.screen(), "soft-thru");
  ASSERT_FALSE(emulated.empty()) << t.screen();
  ASSERT_FALSE(software.empty()) << t.screen();

  t.type("7");
  ASSERT_TRUE(t.shows("There is no '7' in the list: type a number from 1 to 2")) << t.screen();
  t.type(software);
  ASSERT_TRUE(t.shows("data came back faster than a cable can carry it", 30s)) << t.screen();
  ASSERT_TRUE(t.shows("Choose another interface? [Y/n]")) << t.screen();
  t.enter();
  ASSERT_TRUE(t.shows("Which one do you want to test? [1]", 30s)) << t.screen();
  t.type(emulated);
  // 32 bytes over an emulated DIN wire at x1 (10.2 ms) and a JACK period (5.3 ms) each way.
  ASSERT_TRUE(t.shows("loop found: ", 30s)) << t.screen();
  const std::regex found("loop found: ([0-9.]+) ms");
  std::smatch ms;
  const std::string screen = t.screen();
  ASSERT_TRUE(std::regex_search(screen, ms, found)) << screen;
  EXPECT_GE(std::stod(ms[1].str()), 10.2);
  EXPECT_LT(std::stod(ms[1].str()), 40.0);
  ASSERT_TRUE(t.shows("suite 'standard' on emu-guide:in", 30s)) << t.screen();
  t.ctrl_c();
  ASSERT_TRUE(t.shows("Left the guide. Nothing more was sent; what was measured is in ", 60s)) << t.screen();
  EXPECT_TRUE(t.shows("EXIT=130")) << t.screen();
  EXPECT_TRUE(std::filesystem::exists(folder + "/midiloop-emu-guide.json")) << t.screen();
  EXPECT_EQ(emulator.stop(), 0);
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace midiloop
