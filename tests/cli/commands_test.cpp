// The commands as functions: options built from words or by hand, run against a console of
// strings, and every error carrying its exit code to the one place that prints it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tester/cli/check_file_command.hpp"
#include "tester/cli/dispatch.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/models_command.hpp"
#include "tester/cli/rehearse_command.hpp"
#include "tester/cli/run_command.hpp"
#include "tester/cli/send_command.hpp"

namespace midiloop {
namespace {

struct StringConsole {
  std::ostringstream out, err;
  volatile std::sig_atomic_t interrupted = 0;
  Console console{out, err, &interrupted, {}, false};
};

// Runs cli_main on `words` (after "midiloop").
int cli(StringConsole& c, std::vector<const char*> words) {
  words.insert(words.begin(), "midiloop");
  return cli_main(static_cast<int>(words.size()), words.data(), c.console);
}

// A .syx file for one test, removed after it.
struct TempSyx {
  TempSyx(const std::string& name, const std::vector<uint8_t>& bytes)
      : path(::testing::TempDir() + "commands-" + std::to_string(::getpid()) + "-" + name) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  ~TempSyx() { std::filesystem::remove(path); }
  std::string path;
};

TEST(Commands, OptionsComeFromWords) {
  const RunOptions run = parse_run_options({"--emulate", "cheap-fifo:speed=2", "--suite", "quick", "--no-report"});
  EXPECT_EQ(run.emulate, "cheap-fifo:speed=2");
  EXPECT_EQ(run.wire_speed, 2) << "the model's speed";
  EXPECT_TRUE(run.no_report);
  const SendOptions send = parse_send_options({"os.syx", "--out", "UM-ONE", "--rate", "2000", "--dry-run"});
  EXPECT_EQ(send.file, "os.syx");
  EXPECT_EQ(send.rate_bps, 2000);
  EXPECT_FALSE(send.chunk_bytes);
  EXPECT_TRUE(send.dry_run);
}

TEST(Commands, HelpAndBadWordsAreThrownWithTheirExitCodes) {
  try {
    parse_rehearse_options({"--help"});
    ADD_FAILURE() << "--help did not end the options";
  } catch (const HelpRequested& help) {
    EXPECT_EQ(help.exit_code(), 0);
    EXPECT_EQ(std::string(help.what()).rfind("Usage: midiloop rehearse FILE.syx", 0), 0u) << help.what();
  }
  try {
    parse_send_options({"os.syx", "--bogus"});
    ADD_FAILURE() << "an unknown option was taken";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_NE(std::string(e.what()).find("midiloop send: unrecognised option '--bogus'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_check_file_options({}), UsageError);
}

TEST(Commands, RunWithoutArgv) {
  StringConsole c;
  EXPECT_EQ(run_models(ModelsOptions{}, c.console), 0);
  EXPECT_NE(c.out.str().find("cheap-fifo"), std::string::npos);
  const TempSyx two("two.syx", {0xF0, 0x7D, 0x01, 0xF7, 0xF0, 0x7D, 0x02, 0xF7});
  const TempSyx stray("stray.syx", {0xF0, 0x7D, 0x01, 0xF7, 0x42, 0xF0, 0x7D, 0x02, 0xF7});
  CheckFileOptions check;
  check.path = two.path;
  EXPECT_EQ(run_check_file(check, c.console), 0);
  EXPECT_NE(c.out.str().find("8 bytes, 2 SysEx messages"), std::string::npos) << c.out.str();
  check.path = stray.path;
  try {
    run_check_file(check, c.console);
    ADD_FAILURE() << "a malformed file passed";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("at byte 4"), std::string::npos) << e.what();
  }
}

TEST(Commands, CtrlCBeforeAnythingWasSentIsInterrupted) {
  StringConsole c;
  c.interrupted = 1;
  const TempSyx one("one.syx", {0xF0, 0x7D, 0x01, 0xF7});
  RehearseOptions options;
  options.file = one.path;
  options.emulate = "good";
  options.rate_bps = 2000;
  try {
    run_rehearse(options, c.console);
    ADD_FAILURE() << "a rehearsal began after Ctrl-C";
  } catch (const Interrupted& e) {
    EXPECT_EQ(e.exit_code(), 130);
    EXPECT_STREQ(e.what(), "midiloop rehearse: interrupted before anything was sent");
  }
}

TEST(Dispatch, EveryErrorEndsAsItsMessageAndExitCode) {
  StringConsole c;
  EXPECT_EQ(cli(c, {"--version"}), 0);
  EXPECT_EQ(c.out.str().rfind("midiloop ", 0), 0u);
  EXPECT_EQ(cli(c, {"frobnicate"}), 2);
  EXPECT_NE(c.err.str().find("unknown command 'frobnicate'; commands: guide, list, run,"), std::string::npos) << c.err.str();
  EXPECT_EQ(cli(c, {"run", "--emulate", "good", "--wire-speed", "0"}), 2);
  EXPECT_NE(c.err.str().find("--wire-speed: '0' is out of range"), std::string::npos);
  StringConsole help;
  EXPECT_EQ(cli(help, {"send", "--help"}), 0);
  EXPECT_EQ(help.err.str(), "") << "help is an answer, on stdout";
  EXPECT_EQ(help.out.str().rfind("Usage: midiloop send", 0), 0u);
}

TEST(Dispatch, TheOverviewListsEveryCommandOnce) {
  StringConsole c;
  EXPECT_EQ(cli(c, {"--help"}), 0);
  for (const Command& command : commands()) {
    const std::string line = "\n  " + std::string(command.name) + " ";
    EXPECT_NE(c.out.str().find(line), std::string::npos) << command.name;
    EXPECT_EQ(c.out.str().find(line), c.out.str().rfind(line)) << command.name;
    EXPECT_NE(c.out.str().find(command.summary), std::string::npos) << command.name;
  }
}

TEST(Console, ColourAndProgressOnlyWhereATerminalShowsThem) {
  EXPECT_TRUE(colour_wanted(true, "xterm-256color", nullptr));
  EXPECT_TRUE(colour_wanted(true, "xterm", "")) << "NO_COLOR set but empty keeps colour (no-color.org)";
  EXPECT_FALSE(colour_wanted(true, "xterm", "1"));
  EXPECT_FALSE(colour_wanted(true, "dumb", nullptr));
  EXPECT_FALSE(colour_wanted(false, "xterm", nullptr));
  EXPECT_TRUE(progress_wanted(true, "xterm", false));
  EXPECT_FALSE(progress_wanted(true, "dumb", false)) << "a dumb terminal cannot redraw a line";
  EXPECT_FALSE(progress_wanted(true, "xterm", true));
  EXPECT_FALSE(progress_wanted(false, "xterm", false));
}

// The run's progress line: a bar of the tests done, which test, and the time left only once there
// is a test's time to go by.
TEST(Progress, ABarOfTheTestsDoneAndTheTimeLeftOnceThereIsOne) {
  EXPECT_EQ(progress_bar(0, 19, 10), "[..........]");
  EXPECT_EQ(progress_bar(5, 10, 10), "[#####.....]");
  EXPECT_EQ(progress_bar(19, 19, 10), "[##########]");
  std::ostringstream err;
  {
    ProgressLine line(err, true);
    line.start_case("full/256", 0, 4);
    EXPECT_NE(err.str().find("[....................] test 1/4: full/256"), std::string::npos) << err.str();
    EXPECT_EQ(err.str().find("left"), std::string::npos) << err.str();
    line.start_case("full/512", 1, 4);
    EXPECT_NE(err.str().find("[#####...............] test 2/4, ~"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find(" left: full/512"), std::string::npos) << err.str();
  }
  std::ostringstream quiet;
  ProgressLine off(quiet, false);
  off.start_case("full/256", 0, 4);
  EXPECT_EQ(quiet.str(), "");
}

}  // namespace
}  // namespace midiloop
