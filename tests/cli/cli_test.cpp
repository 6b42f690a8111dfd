// The command line as a user meets it: the real binary, its exit codes, its help, and the README's
// examples, which must agree with it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <cctype>
#include <set>
#include <sstream>

#include "tester/cli/dispatch.hpp"
#include "tester/cli/exit_codes.hpp"
#include "tester/cli/man_page.hpp"
#include "tester/emulator/device_model.hpp"
#include "tests/support/process.hpp"

namespace midiloop {
namespace {

using namespace std::chrono_literals;
using testing::run_process;

const std::string kMidiloop = MIDILOOP_BINARY;
const std::string kSourceDir = MIDILOOP_SOURCE_DIR;

std::string temp_dir() {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("midiloop-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

testing::ProcessResult midiloop(std::vector<std::string> args, const std::string& cwd = {}) {
  args.insert(args.begin(), kMidiloop);
  return run_process(args, 60s, {}, std::chrono::milliseconds::max(), cwd);
}

std::string readme() {
  std::ifstream in(kSourceDir + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Command lines inside the README's fenced code blocks that run the binary.
std::vector<std::vector<std::string>> readme_examples() {
  std::vector<std::vector<std::string>> examples;
  std::istringstream lines(readme());
  std::string line;
  bool fenced = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      continue;
    }
    if (!fenced || line.rfind("build/midiloop ", 0) != 0) continue;
    // Split as a shell would: spaces separate words, double quotes keep them together.
    std::vector<std::string> argv(1);
    bool quoted = false;
    for (char c : line.substr(0, line.find('#'))) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (!argv.back().empty()) argv.emplace_back();
      } else {
        argv.back() += c;
      }
    }
    if (argv.back().empty()) argv.pop_back();
    examples.push_back(argv);
  }
  return examples;
}

// The commands dispatch has (tester/cli/dispatch.hpp), by name.
std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const Command& command : commands()) names.emplace_back(command.name);
  return names;
}

// The names in the "Commands:" part of 'midiloop --help', up to the blank line after it.
std::vector<std::string> commands_in_overview(const std::string& overview) {
  std::vector<std::string> names;
  std::istringstream lines(overview.substr(overview.find("\nCommands:\n") + 11));
  std::string line;
  while (std::getline(lines, line) && !line.empty()) names.push_back(line.substr(2, line.find(' ', 2) - 2));
  return names;
}

TEST(Cli, HelpNamesEveryCommandAndTheExitCodes) {
  const auto r = midiloop({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  ASSERT_FALSE(commands().empty());
  EXPECT_EQ(commands_in_overview(r.out), command_names());
  EXPECT_NE(r.out.find("--version"), std::string::npos);
  for (const auto& e : kExitCodeMeanings) {
    EXPECT_NE(r.out.find(std::string(e.meaning)), std::string::npos) << e.code;
  }
  std::string listed;
  for (const auto& name : command_names()) listed += (listed.empty() ? "" : ", ") + name;
  const auto unknown = midiloop({"frobnicate"});
  EXPECT_NE(unknown.err.find("; commands: " + listed + " (see 'midiloop --help')"), std::string::npos) << unknown.err;
  const auto none = midiloop({});
  EXPECT_EQ(none.exit_code, 2);  // no command: the overview on stderr, usage error
  EXPECT_EQ(none.err, r.out);
}

TEST(Cli, EveryCommandHasItsOwnHelp) {
  for (const auto& name : command_names()) {
    for (const char* flag : {"--help", "-h"}) {
      const auto r = midiloop({name, flag});
      EXPECT_EQ(r.exit_code, 0) << name << " " << flag << ": " << r.err;
      EXPECT_EQ(r.out.rfind("Usage: midiloop " + name, 0), 0u) << name << " " << flag << ":\n" << r.out;
      EXPECT_NE(r.out.find("--help"), std::string::npos) << name;
      EXPECT_EQ(r.err, "") << name;
    }
  }
}

// "midiloop 0.2.0 (git abc1234)": the commit the binary came from, read at build time, so a build
// after a commit names that commit. Built outside git, the version alone.
// An instrument whose bootloader needs 200 ms after each message: the search keeps the pause in
// every pacing it tries, and the advice holds it, as numbers and in the tools' settings.
TEST(Cli, RunCarriesThePauseAfterEachMessageIntoTheSearchAndTheAdvice) {
  const std::string report = ::testing::TempDir() + "midiloop-pause-" + std::to_string(::getpid()) + ".json";
  const auto r = midiloop({"run", "--emulate", "cheap-fifo", "--suite", "quick", "--pause-after-message", "200",
                           "--report", report, "--no-progress"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ifstream in(report);
  const auto json = nlohmann::json::parse(in);
  ASSERT_EQ(json["verdict"], "PASS_WITH_PACING") << r.out;
  EXPECT_EQ(json["advice"]["pacing"]["message_gap_us"], 200000) << json["advice"];
  ASSERT_FALSE(json["pacing_search"].empty());
  for (const auto& trial : json["pacing_search"]) EXPECT_EQ(trial["pacing"]["message_gap_us"], 200000) << trial;
  EXPECT_GE(json["advice"]["amidi"]["interval_ms"].get<double>(), 200.0) << json["advice"];
  const auto bad = midiloop({"run", "--emulate", "good", "--pause-after-message", "-5", "--no-report"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  std::filesystem::remove(report);
}

TEST(Cli, VersionNamesTheProjectVersionAndTheCommit) {
  const auto r = midiloop({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  const auto head = run_process({"git", "-C", kSourceDir, "rev-parse", "--short=7", "HEAD"}, 10s);
  if (head.exit_code != 0 || !std::filesystem::exists(kSourceDir + "/.git")) {
    EXPECT_EQ(r.out, std::string("midiloop ") + MIDILOOP_VERSION + "\n");
    return;
  }
  // "-dirty" says the tree had changes when it was built, which may not be the case now.
  const std::string commit = head.out.substr(0, head.out.find('\n'));
  const std::string named = std::string("midiloop ") + MIDILOOP_VERSION + " (git " + commit;
  EXPECT_TRUE(r.out == named + ")\n" || r.out == named + "-dirty)\n") << r.out << " is not " << named << "[-dirty])";
}

// The manual page is made from the same option descriptions as --help: every option a command's
// --help lists is in that command's section of midiloop(1).
TEST(ManPage, HasEveryOptionOfEveryCommand) {
  const std::string page = man_page("");
  const auto escaped = [](const std::string& text) {
    std::string out;
    for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
  };
  for (const auto& name : command_names()) {
    const auto start = page.find(".SS " + escaped(name) + "\n");
    ASSERT_NE(start, std::string::npos) << name;
    const auto end = page.find(".SS ", start + 1);
    const std::string section = page.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const auto help = midiloop({name, "--help"});
    std::istringstream lines(help.out);
    int options = 0;
    for (std::string line; std::getline(lines, line);) {
      const auto dashes = line.find("--");
      if (line.rfind("  -", 0) != 0 || dashes == std::string::npos) continue;  // not an option's line
      const std::string option = line.substr(dashes + 2, line.find_first_of(" ]", dashes) - dashes - 2);
      // "\fB\-\-out\fR", or "\fB\-h, \-\-help\fR"
      EXPECT_NE(section.find("\\-\\-" + escaped(option) + "\\fR"), std::string::npos) << name << " --" << option;
      ++options;
    }
    EXPECT_GT(options, 0) << name;
  }
  for (const auto& e : kExitCodeMeanings) {
    EXPECT_NE(page.find(".B " + std::to_string(e.code) + "\n"), std::string::npos) << e.code;
  }
}

TEST(ManPage, RendersWithoutWarnings) {
  if (::access("/usr/bin/groff", X_OK) != 0) GTEST_SKIP() << "groff is not installed (Debian package groff-base)";
  const std::string path = ::testing::TempDir() + "midiloop-" + std::to_string(::getpid()) + ".1";
  std::ofstream(path) << man_page("2026-01-01");
  const auto r = run_process({"groff", "-man", "-ww", "-z", "-t", path}, 30s);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  std::filesystem::remove(path);
}

TEST(Cli, ReadmeExamplesUseOnlyOptionsTheBinaryHas) {
  const auto examples = readme_examples();
  ASSERT_GE(examples.size(), 5u) << "the README lost its examples";
  for (const auto& argv : examples) {
    ASSERT_GE(argv.size(), 2u);
    const std::string& command = argv[1];
    if (command.rfind("--", 0) == 0) continue;
    const auto help = midiloop({command, "--help"});
    ASSERT_EQ(help.exit_code, 0) << "README uses unknown command '" << command << "': " << help.err;
    for (const auto& word : argv) {
      if (word.rfind("--", 0) == 0) {
        EXPECT_NE(help.out.find(word), std::string::npos) << command << " " << word;
      }
    }
  }
}

TEST(Cli, EveryOptionTheReadmeMentionsExists) {
  std::string all_help;
  for (const auto& command : command_names()) all_help += midiloop({command, "--help"}).out;
  all_help += midiloop({"--help"}).out;
  const std::string text = readme();
  // Every --option inside `code spans` and code blocks (both are between backticks).
  std::set<std::string> seen;
  bool code = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '`') {
      code = !code;
      continue;
    }
    if (!code || text.compare(k, 2, "--") != 0 || (k > 0 && std::isalnum(static_cast<unsigned char>(text[k - 1])))) {
      continue;
    }
    // A build command's options are cmake's, not midiloop's.
    const std::size_t line_start = text.rfind('\n', k) + 1;
    if (text.compare(line_start, 6, "cmake ") == 0) continue;
    std::size_t end = k + 2;
    while (end < text.size() && (std::islower(static_cast<unsigned char>(text[end])) || text[end] == '-')) ++end;
    if (end > k + 2) seen.insert(text.substr(k, end - k));
    k = end - 1;
  }
  ASSERT_GE(seen.size(), 8u);
  for (const auto& opt : seen) EXPECT_NE(all_help.find(opt), std::string::npos) << "README mentions " << opt;
}

// Every README example that needs no hardware runs, in order (a later one may read an earlier
// one's report), in a scratch folder, and succeeds.
TEST(Cli, ReadmeExamplesWithoutHardwareRunAndSucceed) {
  const std::string dir = temp_dir();
  int ran = 0;
  for (auto argv : readme_examples()) {
    const std::string& command = argv[1];
    const bool runnable = std::find(argv.begin(), argv.end(), "--emulate") != argv.end() ||
                          std::find(argv.begin(), argv.end(), "--dry-run") != argv.end() ||
                          command == "check-file" || command == "models" || command == "compare" ||
                          command == "report";
    if (!runnable) continue;
    argv.erase(argv.begin());
    for (auto& arg : argv) {
      if (arg.rfind("tests/", 0) == 0) arg = kSourceDir + "/" + arg;  // files in the repository
    }
    const auto r = midiloop(argv, dir);
    std::string line;
    for (const auto& a : argv) line += a + " ";
    EXPECT_EQ(r.exit_code, 0) << line << "\n" << r.out << r.err;
    if (command == "run") {
      EXPECT_NE(r.out.find("Verdict: PASS_WITH_PACING"), std::string::npos) << line << r.out;
    } else if (command == "rehearse") {
      EXPECT_NE(r.out.find("Rehearsal passed"), std::string::npos) << line << r.out;
    }
    ++ran;
  }
  EXPECT_GE(ran, 6);
}

TEST(Cli, EmulatedGoodPassesAndCheapFifoFailsWithReports) {
  const std::string dir = temp_dir();
  const auto good = midiloop({"run", "--emulate", "good", "--report", dir + "/good.json"});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("Verdict: PASS"), std::string::npos);
  const auto cheap = midiloop({"run", "--emulate", "cheap-fifo", "--report", dir + "/cheap.json"});
  EXPECT_EQ(cheap.exit_code, 0);  // PASS_WITH_PACING is safe...
  EXPECT_EQ(midiloop({"run", "--emulate", "cheap-fifo", "--no-report", "--strict"}).exit_code, 1);  // ...unless strict
  EXPECT_EQ(midiloop({"run", "--emulate", "ch345", "--no-report"}).exit_code, 1);
  std::ifstream g(dir + "/good.json"), c(dir + "/cheap.json");
  const auto gj = nlohmann::json::parse(g), cj = nlohmann::json::parse(c);
  EXPECT_EQ(gj["verdict"], "PASS");
  EXPECT_EQ(cj["verdict"], "PASS_WITH_PACING");
  EXPECT_GT(cj["advice"]["pacing"]["rate_bps"].get<double>(), 0);
  EXPECT_FALSE(cj["pacing_search"].empty());
  EXPECT_EQ(cj["link"]["model"], "cheap-fifo:fifo=128,speed=1");
  for (const char* key : {"schema_version", "tool", "started_at", "clock", "link", "suite", "verdict", "tests"}) {
    EXPECT_TRUE(cj.contains(key)) << key;
  }
  for (const char* key : {"id", "shape", "size_bytes", "pacing", "bytes_sent", "bytes_received", "errors",
                          "first_error_offset", "throughput_bps", "wire_share", "pass"}) {
    EXPECT_TRUE(cj["tests"][0].contains(key)) << key;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/cheap.json.tmp." + std::to_string(::getpid())));
}

struct BadInvocation {
  std::vector<std::string> args;
  int exit_code;
  std::string says;
};

void expect_refused(const std::vector<BadInvocation>& cases) {
  for (const auto& c : cases) {
    const auto r = midiloop(c.args);
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    EXPECT_EQ(r.exit_code, c.exit_code) << joined << "\n" << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << joined << "\nstderr: " << r.err;
  }
}

TEST(Cli, BadInvocationsSayWhatIsWrongWithTheRightExitCode) {
  const std::vector<BadInvocation> cases = {
      {{"frobnicate"}, 2, "unknown command 'frobnicate'"},
      {{"run"}, 2, "give --out PORT --in PORT"},
      {{"run", "--out", "x"}, 2, "give both --out and --in"},
      {{"run", "--emulate", "good", "--out", "x", "--in", "y"}, 2, "not both"},
      {{"run", "--emulate", "cheep"}, 2, "models: good, cheap-fifo"},
      {{"run", "--emulate", "cheap-fifo:size=4"}, 2, "no parameter 'size'"},
      {{"run", "--emulate", "driver-tear:buffer=0.5"}, 2,
       "parameter 'buffer' of model 'driver-tear' is 0.5, not a whole number; it must be a whole number from 16 to "
       "65536 (bytes)"},
      {{"emulate", "good", "--speed", "5000"}, 2,
       "midiloop emulate: --speed: '5000' is out of range; give a number from 0.01 to 1000 x 3125 B/s"},
      {{"run", "--emulate", "good", "--bogus"}, 2, "unrecognised option '--bogus'"},
      {{"run", "--emulate", "good", "--seed", "abc"}, 2, "seed"},
      {{"run", "--emulate", "good", "--wire-speed", "0"}, 2, "--wire-speed: '0' is out of range; give a number from 0.01 to 1000"},
      {{"run", "--emulate", "good", "--suite", "huge"}, 2, "no suite 'huge'"},
      {{"run", "--emulate", "good", "--report", "/nonexistent-dir/r.json"}, 2, "/nonexistent-dir/r.json"},
      {{"list", "--api", "beos"}, 2, "MIDI API 'beos' is not available"},
  };
  expect_refused(cases);
}

TEST(Cli, MissingAlsaSequencerIsExplainedNotACrash) {
  if (std::filesystem::exists("/dev/snd/seq")) GTEST_SKIP() << "this machine has an ALSA sequencer";
  const auto r = midiloop({"run", "--api", "alsa", "--out", "0", "--in", "0", "--no-report"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("no ALSA sequencer"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--api jack"), std::string::npos) << r.err;
}

// The corpus of .syx files, sorted by defect: what check-file must say about each.
TEST(CheckFile, CorpusOfBadFilesSortedByDefect) {
  const std::map<std::string, std::pair<int, std::string>> expected = {
      {"valid", {0, "well formed"}},
      {"empty", {2, "is empty"}},
      {"unterminated", {2, "has no F7"}},
      {"stray-bytes", {2, "stray byte"}},
      {"status-inside", {2, "inside a SysEx (data bytes must be below 80)"}},
      {"realtime-inside", {2, "realtime byte F8 inside a SysEx"}},
      {"not-sysex", {2, "does not look like a SysEx file"}},
  };
  int files = 0;
  for (const auto& dir : std::filesystem::directory_iterator(kSourceDir + "/tests/corpus/syx")) {
    const std::string defect = dir.path().filename().string();
    ASSERT_TRUE(expected.count(defect)) << "no expectation for corpus folder " << defect;
    const auto& [code, says] = expected.at(defect);
    for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
      const auto r = midiloop({"check-file", file.path().string()});
      EXPECT_EQ(r.exit_code, code) << file.path() << "\n" << r.out << r.err;
      if (defect == "unterminated" && r.err.find(says) == std::string::npos) {
        EXPECT_NE(r.err.find("not terminated"), std::string::npos) << file.path() << r.err;
      } else {
        EXPECT_NE((r.out + r.err).find(says), std::string::npos) << file.path() << "\n" << r.out << r.err;
      }
      if (code != 0 && defect != "empty" && defect != "not-sysex") {
        EXPECT_NE(r.err.find("at byte "), std::string::npos) << "problems name their offset: " << r.err;
      }
      ++files;
    }
  }
  EXPECT_GE(files, 11);
}

TEST(CheckFile, RecognisesAnElektronOsAndGivesTransferTimes) {
  const auto r = midiloop({"check-file", kSourceDir + "/tests/corpus/syx/valid/machinedrum-like.syx", "--rate", "2906",
                           "--chunk-bytes", "48"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("200 SysEx messages, 111 to 111 bytes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("recognised: Elektron Machinedrum OS upload"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("manufacturer IDs: 00 20 3C (200)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 min 07 s at full speed"), std::string::npos) << r.out;  // 22200 B x 320 us = 7.1 s
  EXPECT_NE(r.out.find("0 min 08 s in 48-byte chunks at 2906 B/s"), std::string::npos) << r.out;
}

TEST(CheckFile, UnreadableAndHugeFilesAreRefusedClearly) {
  const auto missing = midiloop({"check-file", "/nonexistent/os.syx"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read the .syx file '/nonexistent/os.syx': No such file or directory"), std::string::npos)
      << missing.err;
  const std::string huge = temp_dir() + "/huge.syx";
  {
    std::ofstream create(huge);
  }
  std::filesystem::resize_file(huge, (64u << 20) + 1);
  const auto big = midiloop({"check-file", huge});
  EXPECT_EQ(big.exit_code, 2);
  EXPECT_NE(big.err.find("larger than 64 MB"), std::string::npos) << big.err;
  // One reader: send and rehearse say the same, after their own name.
  const std::string said = big.err.substr(big.err.find(": ") + 2);
  const auto send = midiloop({"send", huge, "--out", "x", "--rate", "100", "--dry-run"});
  EXPECT_EQ(send.exit_code, 2);
  EXPECT_EQ(send.err, "midiloop send: " + said);
  const auto rehearse = midiloop({"rehearse", huge, "--emulate", "good", "--rate", "100"});
  EXPECT_EQ(rehearse.exit_code, 2);
  EXPECT_EQ(rehearse.err, "midiloop rehearse: " + said);
  std::filesystem::remove(huge);
}

// rehearse and send, on the emulator and with --dry-run: no instrument needed.
class Transfer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir();
    const auto run = midiloop({"run", "--emulate", "cheap-fifo", "--suite", "quick", "--report", dir_ + "/cheap.json"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    std::ifstream in(dir_ + "/cheap.json");
    report_ = nlohmann::json::parse(in);
    ASSERT_EQ(report_["verdict"], "PASS_WITH_PACING");
  }
  std::string dir_;
  nlohmann::json report_;
  const std::string os_ = kSourceDir + "/tests/corpus/syx/valid/machinedrum-like.syx";
  const std::string long_ = kSourceDir + "/tests/corpus/syx/valid/one-16k-message.syx";
};

TEST_F(Transfer, RehearsalWithTheReportsPacingLosesNothing) {
  const auto r = midiloop({"rehearse", os_, "--emulate", "cheap-fifo", "--report", dir_ + "/cheap.json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("200 of 200 messages came back intact; 0 bytes dropped"), std::string::npos) << r.out;
  const auto& advised = report_["advice"]["pacing"];
  char words[96];
  std::snprintf(words, sizeof words, "in %u-byte chunks at %.0f B/s", advised["chunk_bytes"].get<unsigned>(),
                advised["rate_bps"].get<double>());
  EXPECT_NE(r.out.find(words), std::string::npos) << "rehearse uses the report's pacing: " << r.out;
}

TEST_F(Transfer, RehearsalAtFullSpeedThroughACheapFifoFails) {
  const auto r = midiloop({"rehearse", long_, "--emulate", "cheap-fifo", "--rate", "3125", "--chunk-bytes", "4096",
                           "--force"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("Rehearsal FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 of 1 messages came back intact"), std::string::npos) << r.out;
}

TEST_F(Transfer, DryRunReproducesTheReportsPacingExactly) {
  const auto r = midiloop({"send", os_, "--out", "emulated:cheap-fifo", "--report", dir_ + "/cheap.json", "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto& advised = report_["advice"]["pacing"];
  const auto line = r.out.substr(r.out.find("pacing: "));
  unsigned chunk = 0;
  double rate = 0;
  long long chunk_gap = -1, message_gap = -1;
  ASSERT_EQ(std::sscanf(line.c_str(), "pacing: chunk_bytes=%u rate_bps=%lf chunk_gap_us=%lld message_gap_us=%lld", &chunk,
                        &rate, &chunk_gap, &message_gap),
            4)
      << line;
  EXPECT_EQ(chunk, advised["chunk_bytes"].get<unsigned>());
  EXPECT_EQ(rate, advised["rate_bps"].get<double>());
  EXPECT_EQ(chunk_gap, advised["chunk_gap_us"].get<long long>());
  EXPECT_EQ(message_gap, advised["message_gap_us"].get<long long>());
}

TEST_F(Transfer, SendRefusesWhatTheReportOrTheFileDoNotAllow) {
  const std::string report = dir_ + "/cheap.json";
  // A pacing the search saw losing data.
  const auto lossy = midiloop({"send", os_, "--out", "x", "--report", report, "--rate", "3125", "--chunk-bytes", "256",
                               "--dry-run"});
  EXPECT_EQ(lossy.exit_code, 2);
  EXPECT_NE(lossy.err.find("lose data"), std::string::npos) << lossy.err;
  EXPECT_EQ(midiloop({"send", os_, "--out", "x", "--report", report, "--rate", "3125", "--chunk-bytes", "256",
                      "--dry-run", "--force"})
                .exit_code,
            0);
  // A file check-file rejects.
  const auto bad = midiloop({"send", kSourceDir + "/tests/corpus/syx/stray-bytes/between-messages.syx", "--out", "x",
                             "--report", report, "--dry-run"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("never sends a file it would reject"), std::string::npos) << bad.err;
  // A report that proves nothing safe.
  ASSERT_EQ(midiloop({"run", "--emulate", "ch345", "--suite", "quick", "--report", dir_ + "/ch345.json"}).exit_code, 1);
  const auto fail = midiloop({"send", os_, "--out", "x", "--report", dir_ + "/ch345.json", "--dry-run"});
  EXPECT_EQ(fail.exit_code, 2);
  EXPECT_NE(fail.err.find("says FAIL"), std::string::npos) << fail.err;
  // Another port than the report's: allowed, with a warning.
  const auto other = midiloop({"send", os_, "--out", "UM-ONE", "--report", report, "--dry-run"});
  EXPECT_EQ(other.exit_code, 0);
  EXPECT_NE(other.err.find("was made on port"), std::string::npos) << other.err;
  // No pacing at all.
  EXPECT_EQ(midiloop({"send", os_, "--out", "x", "--dry-run"}).exit_code, 2);
}

TEST_F(Transfer, CorruptReportsAreNamedWithTheProblem) {
  const std::string garbage = dir_ + "/garbage.json";
  std::ofstream(garbage) << "{\"schema_version\": 1, \"verd";
  const auto truncated = midiloop({"send", os_, "--out", "x", "--report", garbage, "--dry-run"});
  EXPECT_EQ(truncated.exit_code, 2);
  EXPECT_NE(truncated.err.find("garbage.json' is not JSON (or is truncated)"), std::string::npos) << truncated.err;
  const std::string future = dir_ + "/future.json";
  std::ofstream(future) << "{\"schema_version\": 99, \"verdict\": \"PASS\"}";
  const auto newer = midiloop({"send", os_, "--out", "x", "--report", future, "--dry-run"});
  EXPECT_EQ(newer.exit_code, 2);
  EXPECT_NE(newer.err.find("schema version 99; this midiloop reads versions 1 to 2 (the report is from a newer midiloop: update)"), std::string::npos) << newer.err;
}

TEST(Cli, SeedReachesTheEmulatedModel) {
  const std::string dir = temp_dir();
  auto errors = [&](const std::string& seed) {
    const std::string path = dir + "/noise-" + seed + ".json";
    midiloop({"run", "--emulate", "line-noise", "--suite", "quick", "--seed", seed, "--report", path});
    std::ifstream in(path);
    nlohmann::json tests = nlohmann::json::parse(in)["tests"];
    std::vector<nlohmann::json> out;
    for (const auto& t : tests) out.push_back(t["errors"]);
    return out;
  };
  EXPECT_EQ(errors("3"), errors("3"));  // reproducible
  EXPECT_NE(errors("3"), errors("4"));  // and the seed changes where the line noise hits
}

TEST(Schema, EveryEmulatedModelsReportIsValid) {
  const std::string dir = temp_dir();
  std::vector<std::string> reports;
  for (const ModelInfo& model : emulator_models()) {
    reports.push_back(dir + "/schema-" + model.name + ".json");
    midiloop({"run", "--emulate", model.name, "--suite", "quick", "--label", "emulated " + model.name, "--report",
              reports.back()});
  }
  bool unavailable = false;
  const std::string violations = testing::schema_violations(kSourceDir, reports, unavailable);
  if (unavailable) GTEST_SKIP() << "/usr/bin/python3 has no jsonschema (Debian package python3-jsonschema)";
  EXPECT_EQ(violations, "");
}

// A verdict's conditions: an array of strings in the report, valid against the schema, and shown by
// compare and by the HTML page.
TEST(Schema, ConditionsAreAListOfStringsThatCompareAndReportShow) {
  const std::string dir = temp_dir();
  const std::string path = dir + "/conditions.json";
  const auto run = midiloop({"run", "--emulate", "realtime-terminates", "--suite", "quick", "--report", path});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  nlohmann::json j;
  std::ifstream(path) >> j;
  EXPECT_EQ(j["verdict"], "PASS");
  EXPECT_NE(j["verdict_text"].get<std::string>().find("only with MIDI clock"), std::string::npos) << j["verdict_text"];
  ASSERT_TRUE(j["conditions"].is_array());
  const std::string condition = "MIDI clock and every other realtime message (start, stop, Active Sensing) stopped "
                                "during the transfer";
  j["conditions"] = {condition};
  std::ofstream(path) << j.dump(2);
  bool unavailable = false;
  const std::string violations = testing::schema_violations(kSourceDir, {path}, unavailable);
  if (unavailable) GTEST_SKIP() << "/usr/bin/python3 has no jsonschema (Debian package python3-jsonschema)";
  EXPECT_EQ(violations, "");

  const auto rows = nlohmann::json::parse(midiloop({"compare", path, "--format", "json"}).out);
  EXPECT_EQ(rows[0]["only with"], condition);
  const auto html = midiloop({"report", path, "--html", dir + "/conditions.html"});
  EXPECT_EQ(html.exit_code, 0) << html.err;
  std::stringstream page;
  page << std::ifstream(dir + "/conditions.html").rdbuf();
  EXPECT_NE(page.str().find("<strong>Only with:</strong> " + condition), std::string::npos);

  j["conditions"] = {3};
  std::ofstream(path) << j.dump(2);
  EXPECT_NE(testing::schema_violations(kSourceDir, {path}, unavailable).find("conditions"), std::string::npos);
}

TEST(Schema, TheSchemaRejectsWhatIsNotAReport) {
  const std::string dir = temp_dir();
  const std::string bad = dir + "/not-a-report.json";
  std::ofstream(bad) << R"({"schema_version": 1, "verdict": "MAYBE", "tests": [{"id": 3}]})";
  bool unavailable = false;
  const std::string violations = testing::schema_violations(kSourceDir, {bad}, unavailable);
  if (unavailable) GTEST_SKIP() << "/usr/bin/python3 has no jsonschema (Debian package python3-jsonschema)";
  EXPECT_NE(violations.find("MAYBE"), std::string::npos) << violations;
  EXPECT_NE(violations.find("tool"), std::string::npos) << violations;
}

TEST(Compare, InterfacesSideBySideInEveryFormat) {
  const std::string dir = temp_dir();
  std::vector<std::string> reports;
  for (const char* model : {"good", "cheap-fifo", "realtime-strip"}) {
    reports.push_back(dir + "/cmp-" + model + ".json");
    midiloop({"run", "--emulate", model, "--suite", "quick", "--label", std::string("my ") + model, "--report",
              reports.back()});
  }
  auto compare = [&](const std::string& format) {
    std::vector<std::string> args = {"compare"};
    args.insert(args.end(), reports.begin(), reports.end());
    args.insert(args.end(), {"--format", format});
    return midiloop(args);
  };
  const auto json = compare("json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto rows = nlohmann::json::parse(json.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["interface"], "my good");
  EXPECT_EQ(rows[0]["verdict"], "PASS");
  EXPECT_EQ(rows[0]["safe pacing"], "full speed");
  EXPECT_EQ(rows[0]["largest clean SysEx"], "16384 B");
  EXPECT_EQ(rows[0]["loss at full speed"], "0.0 %");
  EXPECT_EQ(rows[1]["verdict"], "PASS_WITH_PACING");
  EXPECT_NE(rows[1]["safe pacing"].get<std::string>().find("B/s"), std::string::npos);
  EXPECT_EQ(rows[1]["deviations"], "none");
  // Clock stripped from inside a SysEx, every SysEx byte delivered: safe, the deviation named.
  EXPECT_EQ(rows[2]["verdict"], "PASS");
  EXPECT_EQ(rows[2]["deviations"], "strips-realtime-in-sysex");
  EXPECT_EQ(rows[2]["only with"], "-");

  const auto md = compare("md");
  EXPECT_EQ(md.out.rfind("| interface | ports |", 0), 0u) << md.out;
  EXPECT_NE(md.out.find("| my cheap-fifo |"), std::string::npos) << md.out;
  const auto csv = compare("csv");
  EXPECT_EQ(csv.out.rfind("interface,ports,API,OS,verdict,", 0), 0u) << csv.out;
  const auto text = compare("text");
  EXPECT_EQ(text.out.find("\033["), std::string::npos) << "no colour when not a terminal";
  EXPECT_NE(text.out.find("my realtime-strip"), std::string::npos);
}

TEST(Compare, BadReportsAreNamedWithTheProblem) {
  const std::string dir = temp_dir();
  std::ofstream(dir + "/half.json") << "{\"schema_version\": 1, \"tool\": {";
  const auto truncated = midiloop({"compare", dir + "/half.json"});
  EXPECT_EQ(truncated.exit_code, 2);
  EXPECT_NE(truncated.err.find("half.json' is not JSON (or is truncated)"), std::string::npos) << truncated.err;
  std::ofstream(dir + "/old.json") << "{\"schema_version\": 0}";
  const auto old = midiloop({"compare", dir + "/old.json"});
  EXPECT_EQ(old.exit_code, 2);
  EXPECT_NE(old.err.find("schema version 0; this midiloop reads versions 1 to 2"), std::string::npos) << old.err;
  std::ofstream(dir + "/thin.json") << "{\"schema_version\": 1, \"verdict\": \"PASS\"}";
  const auto thin = midiloop({"compare", dir + "/thin.json"});
  EXPECT_EQ(thin.exit_code, 2);
  EXPECT_NE(thin.err.find("thin.json' lacks what compare needs"), std::string::npos) << thin.err;
  EXPECT_EQ(midiloop({"compare", dir + "/missing.json"}).exit_code, 2);
  EXPECT_EQ(midiloop({"compare"}).exit_code, 2);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// --html writes the page and leaves stdout the table it was: one call makes compare.md and the page.
TEST(Compare, HtmlWritesThePageBesideTheTable) {
  const std::string dir = temp_dir();
  std::vector<std::string> args = {"compare"};
  for (const char* model : {"good", "cheap-fifo", "ch345"}) args.push_back(kSourceDir + "/reports/examples/" + model + ".json");
  args.insert(args.end(), {"--format", "md"});
  const auto table = midiloop(args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  std::filesystem::remove(dir + "/cmp.html");
  args.insert(args.end(), {"--html", dir + "/cmp.html"});
  const auto both = midiloop(args);
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(both.out, table.out);
  const std::string html = read_file(dir + "/cmp.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<h1>midiloop: 3 interfaces compared</h1>"), std::string::npos);
  EXPECT_NE(html.find("<g class=\"series s2 d2\">"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/cmp.html.tmp." + std::to_string(::getpid())));

  const auto help = midiloop({"compare", "--help"});
  for (const char* word : {"[--html OUT.html]", "--html", "loads nothing"}) {
    EXPECT_NE(help.out.find(word), std::string::npos) << word << "\n" << help.out;
  }
}

TEST(Compare, HtmlPathsFollowTheOutputRules) {
  const std::string dir = temp_dir();
  const std::string a = dir + "/rule-a.json", b = dir + "/rule-b.json";
  std::filesystem::copy_file(kSourceDir + "/reports/examples/good.json", a, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(kSourceDir + "/reports/examples/ch345.json", b, std::filesystem::copy_options::overwrite_existing);
  const std::string before = read_file(b);
  for (const auto& [html, says] : std::vector<std::pair<std::string, std::string>>{
           {dir + "/./rule-b.json", "are the same file"},
           {"/nonexistent-dir/c.html", "the folder '/nonexistent-dir' does not exist"},
           {"", "give --html a file name"},
           {dir, "not a file"}}) {
    const auto r = midiloop({"compare", a, b, "--html", html});
    EXPECT_EQ(r.exit_code, 2) << html << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << html << "\n" << r.err;
    EXPECT_EQ(r.out, "") << "no table when the page was refused";
  }
  EXPECT_EQ(read_file(b), before) << "the input report is untouched";
}

TEST(ReportCommand, HelpSaysWhatItWrites) {
  const auto r = midiloop({"report", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* word : {"Usage: midiloop report FILE.json --html OUT.html", "--html", "loads nothing"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
  }
  EXPECT_NE(midiloop({"--help"}).out.find("  report "), std::string::npos) << "listed in the overview";
}

TEST(ReportCommand, RunWritesTheJsonAndTheHtmlAndReportRendersTheSamePage) {
  const std::string dir = temp_dir();
  const auto run = midiloop({"run", "--emulate", "cheap-fifo", "--html", dir + "/x.html", "--report", dir + "/y.json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("HTML report: " + dir + "/x.html"), std::string::npos) << run.out;
  const std::string html = read_file(dir + "/x.html");
  EXPECT_EQ(nlohmann::json::parse(read_file(dir + "/y.json"))["verdict"], "PASS_WITH_PACING");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find(">PASS_WITH_PACING</span>"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.html.tmp." + std::to_string(::getpid())));
  const auto again = midiloop({"report", dir + "/y.json", "--html", dir + "/z.html"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(read_file(dir + "/z.html"), html) << "the page is rendered from the JSON, both ways";
}

TEST(ReportCommand, BadReportsAndPathsAreNamedWithExitTwo) {
  const std::string dir = temp_dir();
  std::ofstream(dir + "/half.json") << "{\"schema_version\": 2, \"tool\": {";
  std::ofstream(dir + "/future.json") << "{\"schema_version\": 99, \"verdict\": \"PASS\"}";
  std::ofstream(dir + "/plain.json") << "[1, 2, 3]";
  std::ofstream(dir + "/ok.json") << "{\"schema_version\": 1, \"verdict\": \"PASS\", \"tests\": []}";
  expect_refused({
      {{"report", dir + "/half.json", "--html", dir + "/o.html"}, 2, "half.json' is not JSON (or is truncated)"},
      {{"report", dir + "/missing.json", "--html", dir + "/o.html"}, 2,
       "cannot read the report '" + dir + "/missing.json': No such file or directory"},
      {{"report", dir + "/future.json", "--html", dir + "/o.html"}, 2, "future.json': schema version 99"},
      {{"report", dir + "/plain.json", "--html", dir + "/o.html"}, 2, "plain.json': no schema_version"},
      {{"report", dir + "/ok.json"}, 2, "give --html OUT.html"},
      {{"report", "--html", dir + "/o.html"}, 2, "name a JSON report"},
      {{"report", dir + "/ok.json", "--html", "/nonexistent-dir/o.html"}, 2, "/nonexistent-dir/o.html"},
      {{"report", dir + "/ok.json", "--html", dir + "/ok.json"}, 2, "are the same file"},
      {{"run", "--emulate", "good", "--html", "/nonexistent-dir/o.html"}, 2, "the folder '/nonexistent-dir' does not exist"},
  });
  EXPECT_FALSE(std::filesystem::exists(dir + "/o.html"));
  EXPECT_EQ(midiloop({"report", dir + "/ok.json", "--html", dir + "/ok.html"}).exit_code, 0) << "a thin report renders";
}

TEST(ReportCommand, SourceDateEpochFixesStartedAt) {
  const std::string dir = temp_dir();
  auto run = [&](const std::string& epoch) {
    return run_process({kMidiloop, "run", "--emulate", "good", "--suite", "quick", "--report", dir + "/epoch.json"}, 60s,
                       {{"SOURCE_DATE_EPOCH", epoch}});
  };
  ASSERT_EQ(run("1700000000").exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(read_file(dir + "/epoch.json"))["started_at"], "2023-11-14T22:13:20Z");
  const auto bad = run("yesterday");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("SOURCE_DATE_EPOCH: 'yesterday' is not a whole number; give a whole number from 0 to 253402300799 s"), std::string::npos) << bad.err;
  EXPECT_NE(midiloop({"run", "--help"}).out.find("SOURCE_DATE_EPOCH"), std::string::npos);
}

TEST(Cli, ModelsListsEveryModelWithParameters) {
  const auto r = midiloop({"models"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"good", "cheap-fifo", "fifo=128", "speed=1", "a whole number from 16 to 65536 (bytes)"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
}

std::vector<std::string> catalogue_names() {
  std::vector<std::string> names;
  for (const ModelInfo& model : emulator_models()) names.push_back(model.name);
  return names;
}

// `midiloop models` names each model on a line of its own, unindented, before the host models.
std::vector<std::string> models_the_binary_lists() {
  std::istringstream lines(midiloop({"models"}).out);
  std::vector<std::string> names;
  std::string line;
  while (std::getline(lines, line) && line.rfind("Host models", 0) != 0) {
    if (!line.empty() && line[0] != ' ') names.push_back(line);
  }
  return names;
}

TEST(Cli, ReadmeCountsAndNamesEveryModelTheBinaryLists) {
  const std::vector<std::string> catalogue = catalogue_names();
  EXPECT_EQ(models_the_binary_lists(), catalogue);
  const std::string text = readme();
  const std::string opening = "the " + std::to_string(catalogue.size()) + " models (";
  const auto start = text.find(opening);
  ASSERT_NE(start, std::string::npos) << "the README should list the models after '" << opening << "'";
  const auto end = text.find(')', start + opening.size());
  std::vector<std::string> in_readme;
  for (auto quote = text.find('`', start); quote < end; quote = text.find('`', quote + 1)) {
    const auto closing = text.find('`', quote + 1);
    in_readme.push_back(text.substr(quote + 1, closing - quote - 1));
    quote = closing;
  }
  EXPECT_EQ(in_readme, catalogue);
}

// --host puts a host model (tester/links/emulated/host_model.hpp) between midiloop and an emulated interface.
TEST(Cli, HostModelGoesOnlyWithEmulateAndIsRecordedInTheReport) {
  expect_refused({
      {{"run", "--host", "jack"}, 2, "--host puts an emulated host in front of an emulated interface"},
      {{"run", "--out", "x", "--in", "y", "--host", "jack"}, 2, "give it with --emulate MODEL"},
      {{"rehearse", kSourceDir + "/tests/corpus/syx/valid/machinedrum-like.syx", "--rate", "2000", "--host", "winmm"},
       2, "give it with --emulate MODEL"},
      {{"run", "--emulate", "good", "--host", "jak"}, 2, "host models: jack, jack-rtmidi, winmm, alsa"},
      {{"run", "--emulate", "good", "--host", "jack:period=8"}, 2, "it must be from 16 to 8192"},
      {{"run", "--emulate", "good", "--host", "winmm:depth=2"}, 2, "parameters: buffers, size"},
  });
  const std::string dir = temp_dir();
  const std::string path = dir + "/hosted.json";
  const auto r = midiloop({"run", "--emulate", "good", "--host", "jack:period=1024", "--suite", "quick", "--report", path});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ifstream in(path);
  const auto link = nlohmann::json::parse(in)["link"];
  EXPECT_EQ(link["host_model"], "jack:period=1024,rate=48000");
  EXPECT_EQ(link["timestamps"], "jack-frame");
  EXPECT_EQ(link["period_frames"], 1024);
  EXPECT_EQ(link["host_delay_ns"], 21333333);
  const auto rehearsal = midiloop({"rehearse", kSourceDir + "/tests/corpus/syx/valid/machinedrum-like.syx", "--emulate",
                                   "good", "--host", "winmm", "--rate", "2000"});
  EXPECT_EQ(rehearsal.exit_code, 0) << rehearsal.out << rehearsal.err;
  const auto models = midiloop({"models"});
  for (const char* word : {"jack-rtmidi", "period=256", "size=1024", "out_buffer=4096", "--host jack:period=1024"}) {
    EXPECT_NE(models.out.find(word), std::string::npos) << word;
  }
  bool unavailable = false;
  const std::string violations = testing::schema_violations(kSourceDir, {path}, unavailable);
  if (unavailable) GTEST_SKIP() << "/usr/bin/python3 has no jsonschema (Debian package python3-jsonschema)";
  EXPECT_EQ(violations, "");
}

}  // namespace
}  // namespace midiloop
