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
#include "tester/engine/clock.hpp"

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
  EXPECT_EQ(send.files, std::vector<std::string>{"os.syx"});
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
  check.paths = {two.path};
  EXPECT_EQ(run_check_file(check, c.console), 0);
  EXPECT_NE(c.out.str().find("8 bytes, 2 SysEx messages"), std::string::npos) << c.out.str();
  check.paths = {stray.path};
  try {
    run_check_file(check, c.console);
    ADD_FAILURE() << "a malformed file passed";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("at byte 4"), std::string::npos) << e.what();
  }
}

TEST(Commands, SendReadsSeveralFilesAndWhereToStart) {
  const SendOptions send = parse_send_options({"a.syx", "b.syx", "c.syx", "--out", "X", "--rate", "1875",
                                               "--pause-between-files", "150", "--pause-after-message", "200",
                                               "--from-file", "2", "--from-message", "17", "--in", "Y"});
  EXPECT_EQ(send.files, (std::vector<std::string>{"a.syx", "b.syx", "c.syx"}));
  EXPECT_EQ(send.file_pause_us, 150'000);
  EXPECT_EQ(send.message_gap_us, 200'000);
  EXPECT_EQ(send.start.file, 2u);
  EXPECT_EQ(send.start.message, 17u);
  EXPECT_EQ(send.in, "Y");
  EXPECT_TRUE(send.listen);
  EXPECT_FALSE(parse_send_options({"a.syx", "--no-listen"}).listen);
  EXPECT_THROW(parse_send_options({"a.syx", "--from-message", "0"}), UsageError);
  EXPECT_THROW(parse_send_options({"a.syx", "--pause-after-message", "-1"}), UsageError);
}

TEST(Commands, ABadLaterFileStopsTheSendBeforeAnythingIsSent) {
  StringConsole c;
  const TempSyx good("good.syx", {0xF0, 0x7D, 0x01, 0xF7});
  const TempSyx stray("stray.syx", {0xF0, 0x7D, 0x01, 0xF7, 0x42});
  SendOptions send;
  send.files = {good.path, good.path, stray.path};
  send.out = "no such port: never opened";
  send.rate_bps = 1000;
  try {
    run_send(send, c.console);
    ADD_FAILURE() << "a malformed third file was not found first";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(stray.path), std::string::npos) << e.what();
  }
  EXPECT_EQ(c.out.str(), "") << "nothing said of sending";
}

TEST(Commands, CheckFileListsOffsetsFirstAndLastUnlessAskedForAll) {
  std::vector<uint32_t> starts;
  for (uint32_t k = 0; k < 14'700; ++k) starts.push_back(k * 111);
  const auto shown = offset_lines(starts, 14'700 * 111, false);
  ASSERT_EQ(shown.size(), 2 * kShownOffsets + 1);
  EXPECT_EQ(shown[0], "message 1 at byte 0, 111 bytes");
  EXPECT_EQ(shown[1], "message 2 at byte 111, 111 bytes");
  EXPECT_EQ(shown[3], "... 14694 more (--offsets lists every one)");
  EXPECT_EQ(shown.back(), "message 14700 at byte 1631589, 111 bytes");
  EXPECT_EQ(offset_lines(starts, 14'700 * 111, true).size(), 14'700u);
  EXPECT_EQ(offset_lines({0, 4}, 9, false), (std::vector<std::string>{"message 1 at byte 0, 4 bytes", "message 2 at byte 4, 5 bytes"}));
}

TEST(Commands, CheckFileTellsEveryFileAndRefusesTheBadOne) {
  StringConsole c;
  const TempSyx two("two.syx", {0xF0, 0x7D, 0x01, 0xF7, 0xF0, 0x7D, 0x02, 0xF7});
  const TempSyx stray("stray.syx", {0xF0, 0x7D, 0x01, 0xF7, 0x42, 0xF0, 0x7D, 0x02, 0xF7});
  CheckFileOptions check;
  check.paths = {stray.path, two.path};
  check.rate_bps = 1000;
  check.message_gap_us = 200'000;
  try {
    run_check_file(check, c.console);
    ADD_FAILURE() << "a malformed file passed";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'" + stray.path + "' is malformed"), std::string::npos) << e.what();
  }
  const std::string out = c.out.str();
  EXPECT_NE(out.find(two.path + ": 8 bytes, 2 SysEx messages"), std::string::npos) << out;
  EXPECT_NE(out.find("  message 2 at byte 4, 4 bytes\n"), std::string::npos) << out;
  EXPECT_NE(out.find("at 1000 B/s, 200.0 ms after F7"), std::string::npos) << out;
}

// send's progress: a host that takes bytes 16 times faster than the wire must not make the time
// left look 16 times shorter, and while the wire drains the line says so.
TEST(Commands, SendsTimeLeftIsNeverLessThanTheWireNeeds) {
  std::ostringstream err;
  VirtualClock clock;
  TransferProgress progress(err, true, clock);
  progress.set_wire_floor(3125);
  progress.update(0, 31'250);  // starts the clock: 10 s of wire
  clock.advance_to(clock.now_ns() + 500'000'000);
  progress.update(25'000, 31'250);  // 50 kB/s at the host: 0.125 s more by its rate
  EXPECT_NE(err.str().find("0 min 10 s left"), std::string::npos) << err.str();  // 9.5 s, rounded by minutes()
  progress.draining(31'250, clock.now_ns() + 9'000'000'000);
  EXPECT_NE(err.str().find("all 31250 bytes are with the host; the wire needs 0 min 09 s more"), std::string::npos)
      << err.str();
  std::ostringstream rehearse_err;
  TransferProgress echoed(rehearse_err, true, clock);  // no floor: an echo paces rehearse
  echoed.update(0, 31'250);
  clock.advance_to(clock.now_ns() + 500'000'000);
  echoed.update(25'000, 31'250);
  EXPECT_NE(rehearse_err.str().find("0 min 00 s left"), std::string::npos) << rehearse_err.str();
}

TEST(Commands, RehearsesSeveralFilesEachOnItsOwn) {
  StringConsole c;
  const TempSyx one("one.syx", {0xF0, 0x7D, 0x01, 0xF7});
  const TempSyx two("two.syx", {0xF0, 0x7D, 0x02, 0x02, 0xF7, 0xF0, 0x7D, 0x03, 0xF7});
  RehearseOptions options;
  options.files = {one.path, two.path};
  options.emulate = "good";
  options.rate_bps = 2000;
  options.message_gap_us = 10'000;
  EXPECT_EQ(run_rehearse(options, c.console), 0) << c.out.str() << c.err.str();
  const std::string out = c.out.str();
  EXPECT_NE(out.find("file 1 of 2, " + one.path + " (1 message, 4 bytes)"), std::string::npos) << out;
  EXPECT_NE(out.find("file 2 of 2, " + two.path + " (2 messages, 9 bytes)"), std::string::npos) << out;
  EXPECT_NE(out.find("Rehearsal passed: " + two.path + " survives this interface in 48-byte chunks at 2000 B/s, 10.0 ms after F7"),
            std::string::npos)
      << out;
}

TEST(Commands, CtrlCBeforeAnythingWasSentIsInterrupted) {
  StringConsole c;
  c.interrupted = 1;
  const TempSyx one("one.syx", {0xF0, 0x7D, 0x01, 0xF7});
  RehearseOptions options;
  options.files = {one.path};
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
  std::ostringstream search;
  {
    ProgressLine line(search, true);
    line.start_search(40);
    EXPECT_NE(search.str().find("[....................] pacing search: at most 40 trials"), std::string::npos);
    line.trial_done();
    EXPECT_NE(search.str().find("[....................] pacing search: 1 of at most 40 trials, at most ~"),
              std::string::npos)
        << search.str();
    for (int k = 0; k < 19; ++k) line.trial_done();
    EXPECT_NE(search.str().find("[##########..........] pacing search: 20 of at most 40 trials"), std::string::npos);
  }
  std::ostringstream quiet;
  ProgressLine off(quiet, false);
  off.start_case("full/256", 0, 4);
  EXPECT_EQ(quiet.str(), "");
}

}  // namespace
}  // namespace midiloop
