// midiloop guide in a real terminal: tmux runs it, send-keys answers, capture-pane reads the
// screen. Each test has a tmux server of its own (-L), torn down at the end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/terminal.hpp"

namespace midiloop {
namespace {

using namespace std::chrono_literals;
using testing::Terminal;

const std::string kMidiloop = MIDILOOP_BINARY;

class Guide : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access("/usr/bin/tmux", X_OK) != 0) GTEST_SKIP() << "tmux is not installed (Debian package tmux)";
    folder_ = ::testing::TempDir() + "midiloop-guide-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  // A small OS-shaped file: Elektron Machinedrum SysEx (F0 00 20 3C 02 ...), 20 messages of 111 bytes.
  std::string firmware() const {
    const std::string path = folder_ + "/os 1.63.syx";  // a space, as dragged paths have
    std::ofstream out(path, std::ios::binary);
    for (int m = 0; m < 20; ++m) {
      std::string message = {'\xF0', '\x00', '\x20', '\x3C', '\x02', '\x00'};
      while (message.size() < 110) message += static_cast<char>((m * 7 + message.size()) & 0x7F);
      message += '\xF7';
      out << message;
    }
    return path;
  }
  std::string guide(const std::string& model) const {
    return "TERM=xterm " + kMidiloop + " guide --emulate " + model;
  }
  std::string folder_;
};

TEST_F(Guide, AGoodInterfaceFromStartToTheSentFirmware) {
  Terminal t("good", folder_, guide("good"));
  ASSERT_TRUE(t.started()) << t.problem();
  ASSERT_TRUE(t.shows("Step 2 of 4: the loop cable")) << t.screen();
  ASSERT_TRUE(t.shows("loop found: ")) << t.screen();
  ASSERT_TRUE(t.shows("In short: SAFE. This interface carried every byte")) << t.screen();
  ASSERT_TRUE(t.shows("If you have a firmware file (.syx) to send")) << t.screen();
  EXPECT_TRUE(std::filesystem::exists(folder_ + "/midiloop-emulated-good.json"));
  EXPECT_TRUE(std::filesystem::exists(folder_ + "/midiloop-emulated-good.html"));
  // Dragged into the window, a path with a space arrives quoted.
  t.type("'" + firmware() + "'");
  ASSERT_TRUE(t.shows("Elektron Machinedrum OS upload")) << t.screen();
  ASSERT_TRUE(t.shows("Rehearse it through the loop first?")) << t.screen();
  t.enter();
  ASSERT_TRUE(t.shows("Hold its FUNCTION key while switching it on")) << t.screen();
  ASSERT_TRUE(t.shows("Is the instrument waiting for the firmware?")) << t.screen();
  t.enter();
  ASSERT_TRUE(t.shows("Sent. The instrument shows its progress")) << t.screen();
  EXPECT_TRUE(t.shows("EXIT=0")) << t.screen();
}

TEST_F(Guide, ACheapInterfaceIsSafeWithTheSettingsItFound) {
  Terminal t("cheap", folder_, guide("cheap-fifo"));
  ASSERT_TRUE(t.started()) << t.problem();
  ASSERT_TRUE(t.shows("In short: SAFE WITH SETTINGS", 120s)) << t.screen();
  ASSERT_TRUE(t.shows("  send in ")) << t.screen();  // the pacing, as words
  ASSERT_TRUE(t.shows("press Enter alone to finish")) << t.screen();
  t.enter();
  ASSERT_TRUE(t.shows("Done. The report is in ")) << t.screen();
  EXPECT_TRUE(t.shows("EXIT=0")) << t.screen();
}

TEST_F(Guide, AWrongAnswerIsAskedAgain) {
  Terminal t("wrong", folder_, guide("good"));
  ASSERT_TRUE(t.started()) << t.problem();
  ASSERT_TRUE(t.shows("press Enter alone to finish")) << t.screen();
  t.type(folder_ + "/no-such-file.syx");
  ASSERT_TRUE(t.shows("That file cannot be sent as it is")) << t.screen();
  ASSERT_TRUE(t.shows("press Enter alone to finish")) << t.screen();
  t.type(firmware());
  ASSERT_TRUE(t.shows("Rehearse it through the loop first?")) << t.screen();
  t.type("maybe");
  ASSERT_TRUE(t.shows("Please type y or n (or press Enter for yes).")) << t.screen();
  t.type("n");
  ASSERT_TRUE(t.shows("Is the instrument waiting for the firmware?")) << t.screen();
  t.type("n");
  ASSERT_TRUE(t.shows("Nothing was sent.")) << t.screen();
  EXPECT_TRUE(t.shows("EXIT=0")) << t.screen();
}

TEST_F(Guide, CtrlCAtAQuestionLeavesCleanly) {
  Terminal t("ctrlc", folder_, guide("good"));
  ASSERT_TRUE(t.started()) << t.problem();
  ASSERT_TRUE(t.shows("press Enter alone to finish")) << t.screen();
  t.ctrl_c();
  ASSERT_TRUE(t.shows("Left the guide. Nothing more was sent; what was measured is in ")) << t.screen();
  EXPECT_TRUE(t.shows("EXIT=130")) << t.screen();
}

}  // namespace
}  // namespace midiloop
