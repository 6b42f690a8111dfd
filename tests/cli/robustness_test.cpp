// midiloop as a careless or hostile user meets it: every command with bad options, odd files and
// mutated reports. Each case must end with its documented exit code and a message saying what is
// wrong, leave every file it was not asked to write as it was, never hang, and never show a
// library's own exception text. The device node and FIFO are the test's own, in a scratch folder.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <csignal>
#include <cctype>
#include <algorithm>
#include <functional>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace midiloop {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::run_process;

const std::string kMidiloop = MIDILOOP_BINARY;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// The scratch folder every case runs against: files to be left alone, and inputs good and bad.
class Scratch {
 public:
  explicit Scratch(bool with_reports) {
    char pattern[] = "/tmp/midiloop-robust-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    write_file(at("precious.json"), kPrecious);
    fs::create_directory(at("folder"));
    if (::mkfifo(at("pipe").c_str(), 0644) != 0) throw std::runtime_error("mkfifo failed");
    has_device_ = ::mknod(at("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;
    // A small, well-formed .syx.
    std::string syx;
    for (int k = 0; k < 20; ++k) syx += std::string("\xF0\x7D\x01\x02\x03\xF7", 6);
    write_file(at("ok.syx"), syx);
    // Reports of real runs: a PASS, and a PASS_WITH_PACING to mutate.
    if (with_reports) {
      made_reports_ = make_report("good", "pass.json") && make_report("cheap-fifo", "paced.json");
      if (made_reports_) mutate_reports();
    }
  }
  ~Scratch() { fs::remove_all(dir_); }
  std::string at(const std::string& name) const { return dir_ + "/" + name; }
  const std::string& dir() const { return dir_; }
  bool has_device() const { return has_device_; }
  bool made_reports() const { return made_reports_; }
  const std::string& report_problem() const { return report_problem_; }
  static constexpr const char* kPrecious = "{\"precious\": true}\n";

  // What must hold after any case: nothing replaced, nothing left behind.
  std::string damage() const {
    std::string found;
    if (read_file(at("precious.json")) != kPrecious) found += "precious.json was changed; ";
    if (!fs::is_fifo(at("pipe"))) found += "the FIFO was replaced; ";
    struct stat st {};
    if (has_device_ && (::lstat(at("null").c_str(), &st) != 0 || !S_ISCHR(st.st_mode))) {
      found += "the device node was replaced; ";
    }
    if (!fs::is_directory(at("folder")) || !fs::is_empty(at("folder"))) found += "the folder was changed; ";
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().filename().string().find(".tmp.") != std::string::npos) {
        found += "left " + entry.path().filename().string() + "; ";
      }
    }
    return found;
  }

 private:
  bool make_report(const std::string& model, const std::string& name) {
    const auto r = run_process({kMidiloop, "run", "--emulate", model, "--suite", "quick", "--report", at(name),
                                "--no-progress"},
                               120s);
    if ((r.exit_code == 0 || r.exit_code == 1) && fs::exists(at(name))) return true;
    report_problem_ = "run --emulate " + model + " exited " + std::to_string(r.exit_code) + ":\n" + r.out + r.err;
    return false;
  }
  void mutate(const std::string& name, const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json j = nlohmann::json::parse(read_file(at("paced.json")));
    change(j);
    write_file(at(name), j.dump(2));
  }
  void mutate_reports() {
    mutate("advice-empty.json", [](nlohmann::json& j) { j["advice"] = nlohmann::json::object(); });
    mutate("rate-negative.json", [](nlohmann::json& j) { j["advice"]["pacing"]["rate_bps"] = -1; });
    mutate("chunk-zero.json", [](nlohmann::json& j) { j["advice"]["pacing"]["chunk_bytes"] = 0; });
    mutate("gap-huge.json", [](nlohmann::json& j) { j["advice"]["pacing"]["chunk_gap_us"] = INT64_MAX; });
    mutate("rate-text.json", [](nlohmann::json& j) { j["advice"]["pacing"]["rate_bps"] = "fast"; });
    mutate("verdict-unknown.json", [](nlohmann::json& j) { j["verdict"] = "MAYBE"; });
    mutate("wire-speed-null.json", [](nlohmann::json& j) { j["wire_speed"] = nullptr; });
    mutate("tests-not-list.json", [](nlohmann::json& j) { j["tests"] = 5; });
    mutate("label-escape.json", [](nlohmann::json& j) { j["label"] = "evil\x1b[31m|red\nline"; });
  }

  std::string dir_;
  bool has_device_ = false;
  bool made_reports_ = false;
  std::string report_problem_;
};

struct BadInput {
  std::string command;  // the first word: the table is counted per command
  std::string name;     // the rest of the test's name
  std::vector<std::string> args;  // "{dir}" is the scratch folder
  int exit_code;
  std::vector<std::string> says;  // each must be in what the user sees
  std::map<std::string, std::string> env = {};
  bool needs_device = false;
  bool needs_reports = false;
};

// What ctest shows for a case: its command line, never the object's bytes.
void PrintTo(const BadInput& c, std::ostream* out) {
  for (const auto& a : c.args) *out << a << ' ';
}

std::vector<BadInput> bad_inputs() {
  const std::vector<std::string> quick = {"--emulate", "good", "--suite", "quick", "--no-progress"};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"run"};
    args.insert(args.end(), quick.begin(), quick.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  auto model = [](const std::string& spec) {
    return std::vector<std::string>{"run", "--emulate", spec, "--suite", "quick", "--no-report", "--no-progress"};
  };
  std::vector<BadInput> cases = {
      // Output paths: nothing but a regular file or a new path, and never one file twice.
      {"run", "ReportOnADevice", run({"--report", "{dir}/null"}), 2, {"{dir}/null", "not a file"}, {}, true},
      {"run", "HtmlOnADevice", run({"--no-report", "--html", "{dir}/null"}), 2, {"not a file"}, {}, true},
      {"run", "ReportOnAFifo", run({"--report", "{dir}/pipe"}), 2, {"named pipe"}},
      {"run", "HtmlOnAFifo", run({"--no-report", "--html", "{dir}/pipe"}), 2, {"named pipe"}},
      {"run", "ReportOnAFolder", run({"--report", "{dir}/folder"}), 2, {"folder"}},
      {"run", "HtmlInAMissingFolderLeavesTheReportAlone",
       run({"--report", "{dir}/precious.json", "--html", "{dir}/nodir/p.html"}), 2, {"does not exist"}},
      {"run", "ReportAndHtmlOnOneFile", run({"--report", "{dir}/same.json", "--html", "{dir}/./same.json"}), 2,
       {"same file"}},
      {"run", "NoReportWithAReport", run({"--no-report", "--report", "{dir}/x.json"}), 2, {"--no-report"}},
      {"run", "EmptyHtmlPath", run({"--no-report", "--html", ""}), 2, {"HTML", "empty"}},
      // Numbers: each parsed once, with its range.
      {"run", "WireSpeedInfinite", run({"--no-report", "--wire-speed", "inf"}), 2, {"--wire-speed", "from"}},
      {"run", "WireSpeedNan", run({"--no-report", "--wire-speed", "nan"}), 2, {"--wire-speed"}},
      {"run", "WireSpeedNegative", run({"--no-report", "--wire-speed", "-1"}), 2, {"--wire-speed"}},
      {"run", "WireSpeedZero", run({"--no-report", "--wire-speed", "0"}), 2, {"--wire-speed"}},
      {"run", "WireSpeedHuge", run({"--no-report", "--wire-speed", "1e9"}), 2, {"--wire-speed"}},
      {"run", "WireSpeedText", run({"--no-report", "--wire-speed", "fast"}), 2, {"--wire-speed"}},
      {"run", "SeedNegative", run({"--no-report", "--seed", "-1"}), 2, {"--seed"}},
      {"run", "SeedFraction", run({"--no-report", "--seed", "1.5"}), 2, {"--seed"}},
      {"run", "SeedTooLarge", run({"--no-report", "--seed", "18446744073709551616"}), 2, {"--seed"}},
      {"run", "DateBefore1970", run({"--no-report"}), 2, {"SOURCE_DATE_EPOCH"}, {{"SOURCE_DATE_EPOCH", "-1"}}},
      {"run", "DateAfter9999", run({"--no-report"}), 2, {"SOURCE_DATE_EPOCH"},
       {{"SOURCE_DATE_EPOCH", "253402300800"}}},
      {"run", "DateNotANumber", run({"--no-report"}), 2, {"SOURCE_DATE_EPOCH"}, {{"SOURCE_DATE_EPOCH", "soon"}}},
      // Model parameters: typed, ranged, each named once.
      {"run", "ModelBufferBelowOne", model("driver-tear:buffer=0.5"), 2, {"buffer"}},
      {"run", "ModelBufferHuge", model("driver-tear:buffer=1e300"), 2, {"buffer"}},
      {"run", "ModelEventsHuge", model("one-event-per-transfer:events=1e300"), 2, {"events"}},
      {"run", "ModelFifoHuge", model("good:fifo=1e300"), 2, {"fifo"}},
      {"run", "ModelFifoFraction", model("cheap-fifo:fifo=0.5"), 2, {"fifo"}},
      {"run", "ModelSpeedTiny", model("good:speed=1e-12"), 2, {"speed"}},
      {"run", "ModelSpeedUnderflow", model("good:speed=1e-300"), 2, {"speed"}},
      {"run", "ModelSpeedHuge", model("good:speed=1e6"), 2, {"speed"}},
      {"run", "ModelStaleCinOutOfRange", model("ch345:stale_cin=16"), 2, {"stale_cin"}},
      {"run", "ModelProbabilityAboveOne", model("line-noise:rate=2"), 2, {"rate"}},
      {"run", "ModelKeyTwice", model("cheap-fifo:fifo=64,fifo=128"), 2, {"fifo"}},
      {"run", "ModelUnknownKey", model("good:fifoo=64"), 2, {"fifoo"}},
      {"run", "ModelNan", model("cheap-fifo:fifo=nan"), 2, {"fifo"}},
      {"emulate", "ModelBufferBelowOne", {"emulate", "driver-tear:buffer=0.5"}, 2, {"buffer"}},
      {"emulate", "SpeedNan", {"emulate", "good", "--speed", "nan"}, 2, {"--speed"}},
      {"emulate", "SeedNegative", {"emulate", "good", "--seed", "-1"}, 2, {"--seed"}},
      // Inputs: opened without blocking; only regular files.
      {"check-file", "AFifo", {"check-file", "{dir}/pipe"}, 2, {"named pipe"}},
      {"check-file", "AFolder", {"check-file", "{dir}/folder"}, 2, {"folder"}},
      {"check-file", "Missing", {"check-file", "{dir}/missing.syx"}, 2, {"missing.syx"}},
      {"check-file", "RateNan", {"check-file", "{dir}/ok.syx", "--rate", "nan"}, 2, {"--rate"}},
      {"check-file", "RateInfinite", {"check-file", "{dir}/ok.syx", "--rate", "inf"}, 2, {"--rate"}},
      {"check-file", "RateNegative", {"check-file", "{dir}/ok.syx", "--rate", "-5"}, 2, {"--rate"}},
      {"check-file", "ChunkNegative", {"check-file", "{dir}/ok.syx", "--rate", "1000", "--chunk-bytes", "-1"}, 2,
       {"--chunk-bytes"}},
      {"check-file", "ChunkZero", {"check-file", "{dir}/ok.syx", "--rate", "1000", "--chunk-bytes", "0"}, 2,
       {"--chunk-bytes"}},
      {"rehearse", "AFifo", {"rehearse", "{dir}/pipe", "--emulate", "good", "--rate", "1000"}, 2, {"named pipe"}},
      {"rehearse", "AFolder", {"rehearse", "{dir}/folder", "--emulate", "good", "--rate", "1000"}, 2, {"folder"}},
      {"rehearse", "RateNan", {"rehearse", "{dir}/ok.syx", "--emulate", "good", "--rate", "nan"}, 2, {"--rate"}},
      {"rehearse", "ReportIsAFifo", {"rehearse", "{dir}/ok.syx", "--emulate", "good", "--report", "{dir}/pipe"}, 2,
       {"named pipe"}},
      {"send", "AFifo", {"send", "{dir}/pipe", "--out", "x", "--dry-run", "--rate", "1000"}, 2, {"named pipe"}},
      {"send", "AFolder", {"send", "{dir}/folder", "--out", "x", "--dry-run", "--rate", "1000"}, 2, {"folder"}},
      {"send", "RateNan", {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "nan"}, 2, {"--rate"}},
      {"send", "RateInfinite", {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "inf"}, 2, {"--rate"}},
      {"send", "RateZero", {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "0"}, 2, {"--rate"}},
      {"send", "ChunkFraction",
       {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "1000", "--chunk-bytes", "1.5"}, 2,
       {"--chunk-bytes"}},
      {"send", "ReportIsAFolder", {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--report", "{dir}/folder"}, 2,
       {"folder"}},
      {"send", "PauseAfterMessageNegative",
       {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "1000", "--pause-after-message", "-1"}, 2,
       {"--pause-after-message"}},
      {"send", "PauseBetweenFilesNan",
       {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "1000", "--pause-between-files", "nan"}, 2,
       {"--pause-between-files"}},
      {"send", "FromMessageZero",
       {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "1000", "--from-message", "0"}, 2,
       {"--from-message"}},
      {"send", "FromMessagePastTheFile",
       {"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "1000", "--from-message", "99999"}, 2,
       {"no message 99999 to start from"}},
      {"send", "FromFilePastTheFiles",
       {"send", "{dir}/ok.syx", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "1000", "--from-file", "3"}, 2,
       {"2 files were named: there is no file 3"}},
      {"send", "LaterFileAFolder",
       {"send", "{dir}/ok.syx", "{dir}/folder", "--out", "x", "--dry-run", "--rate", "1000"}, 2, {"folder"}},
      {"send", "InAndNoListen",
       {"send", "{dir}/ok.syx", "--out", "x", "--in", "y", "--no-listen", "--dry-run", "--rate", "1000"}, 2,
       {"--no-listen"}},
      {"check-file", "PauseAfterMessageInfinite",
       {"check-file", "{dir}/ok.syx", "--pause-after-message", "inf"}, 2, {"--pause-after-message"}},
      {"compare", "AFifo", {"compare", "{dir}/pipe"}, 2, {"named pipe"}},
      {"compare", "AFolder", {"compare", "{dir}/folder"}, 2, {"folder"}},
      {"report", "AFifo", {"report", "{dir}/pipe", "--html", "{dir}/out.html"}, 2, {"named pipe"}},
      {"report", "AFolder", {"report", "{dir}/folder", "--html", "{dir}/out.html"}, 2, {"folder"}},
  };
  // Pacing and fields read from reports: checked like options, named with the file and the field.
  for (const char* command : {"send", "rehearse"}) {
    for (const auto& [file, field] : std::vector<std::pair<std::string, std::string>>{
             {"advice-empty.json", "pacing"},
             {"rate-negative.json", "rate_bps"},
             {"chunk-zero.json", "chunk_bytes"},
             {"gap-huge.json", "chunk_gap_us"},
             {"rate-text.json", "rate_bps"},
             {"verdict-unknown.json", "verdict"},
             {"wire-speed-null.json", "wire_speed"},
             {"tests-not-list.json", "tests"}}) {
      std::vector<std::string> args = {command, "{dir}/ok.syx", "--report", "{dir}/" + file};
      if (std::string(command) == "send") {
        args.insert(args.end(), {"--out", "x", "--dry-run"});
      } else {
        args.insert(args.end(), {"--emulate", "good"});
      }
      std::string name = file.substr(0, file.find('.'));
      name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
      cases.push_back({command, "Report_" + name, args, 2, {file, field}, {}, false, true});
    }
  }
  for (const auto& [file, field] : std::vector<std::pair<std::string, std::string>>{
           {"verdict-unknown.json", "verdict"}, {"wire-speed-null.json", "wire_speed"},
           {"tests-not-list.json", "tests"}}) {
    std::string name = file.substr(0, file.find('.'));
    name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
    cases.push_back({"compare", "Report_" + name, {"compare", "{dir}/" + file}, 2, {file, field}, {}, false, true});
    cases.push_back({"report", "Report_" + name, {"report", "{dir}/" + file, "--html", "{dir}/out.html"}, 2,
                     {file, field}, {}, false, true});
  }
  cases.push_back({"report", "HtmlOverItsOwnInput", {"report", "{dir}/pass.json", "--html", "{dir}/./pass.json"}, 2,
                   {"same file"}, {}, false, true});
  cases.push_back({"compare", "HtmlOverAnInput",
                   {"compare", "{dir}/pass.json", "{dir}/paced.json", "--html", "{dir}/paced.json"}, 2, {"same file"},
                   {}, false, true});
  cases.push_back({"compare", "HtmlOnADevice", {"compare", "{dir}/pass.json", "--html", "{dir}/null"}, 2,
                   {"not a file"}, {}, true, true});
  cases.push_back({"report", "HtmlOnADevice", {"report", "{dir}/pass.json", "--html", "{dir}/null"}, 2,
                   {"not a file"}, {}, true, true});
  return cases;
}

std::string with_dir(std::string text, const Scratch& scratch) {
  for (auto at = text.find("{dir}"); at != std::string::npos; at = text.find("{dir}")) {
    text.replace(at, 5, scratch.dir());
  }
  return text;
}

using Robustness = ::testing::TestWithParam<BadInput>;

TEST_P(Robustness, RefusedClearlyAndNothingDamaged) {
  const BadInput& c = GetParam();
  // A scratch folder of its own per case: one case's damage never shows up in another's.
  const Scratch own(c.needs_reports);
  const Scratch* scratch = &own;
  if (c.needs_device && !scratch->has_device()) GTEST_SKIP() << "cannot make a device node here: needs root";
  ASSERT_TRUE(!c.needs_reports || scratch->made_reports()) << "the reports to mutate could not be made: " << scratch->report_problem();
  std::vector<std::string> argv = {kMidiloop};
  for (const auto& a : c.args) argv.push_back(with_dir(a, *scratch));
  const auto r = run_process(argv, 30s, c.env);
  ASSERT_FALSE(r.timed_out) << "hung";
  EXPECT_EQ(r.exit_code, c.exit_code) << r.out << r.err;
  const std::string seen = r.out + r.err;
  for (const auto& says : c.says) EXPECT_NE(seen.find(with_dir(says, *scratch)), std::string::npos) << says << "\n" << seen;
  for (const char* raw : {"json.exception", "basic_filebuf", "std::", "what():", "terminate called", "stoul",
                          "out_of_range"}) {
    EXPECT_EQ(seen.find(raw), std::string::npos) << "raw library text: " << seen;
  }
  EXPECT_EQ(scratch->damage(), "");
}

INSTANTIATE_TEST_SUITE_P(EveryCommand, Robustness, ::testing::ValuesIn(bad_inputs()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           std::string command = info.param.command;
                           command.erase(std::remove(command.begin(), command.end(), '-'), command.end());
                           return command + "_" + info.param.name;
                         });


// Standard output that cannot be written: every command says so on stderr and exits 4 instead of
// 0 with its output lost.
class FullStdout : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(FullStdout, IsAWriteErrorNotSuccess) {
  const Scratch scratch(true);
  ASSERT_TRUE(scratch.made_reports());
  std::string command = "'" + kMidiloop + "'";
  for (const auto& a : GetParam()) command += " '" + with_dir(a, scratch) + "'";
  const auto r = run_process({"/bin/sh", "-c", command + " > /dev/full"}, 60s);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("cannot write to standard output: No space left on device"), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    EveryCommand, FullStdout,
    ::testing::Values(std::vector<std::string>{"--help"}, std::vector<std::string>{"--version"},
                      std::vector<std::string>{"models"}, std::vector<std::string>{"check-file", "{dir}/ok.syx"},
                      std::vector<std::string>{"run", "--emulate", "good", "--suite", "quick", "--no-report"},
                      std::vector<std::string>{"compare", "{dir}/pass.json", "{dir}/paced.json"},
                      std::vector<std::string>{"report", "{dir}/pass.json", "--html", "{dir}/page.html"},
                      std::vector<std::string>{"send", "{dir}/ok.syx", "--out", "x", "--dry-run", "--rate", "1000"},
                      std::vector<std::string>{"rehearse", "{dir}/ok.syx", "--emulate", "good", "--rate", "1000"},
                      std::vector<std::string>{"emulate", "--help"}),
    [](const ::testing::TestParamInfo<std::vector<std::string>>& info) {
      std::string name = info.param.front();
      name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }),
                 name.end());
      return name + "_" + std::to_string(info.index);
    });

TEST(ClosedStdout, IsAWriteErrorNotSuccess) {
  // Started with stdout closed (>&-): every write fails with EBADF.
  for (const char* args : {"models", "run --emulate good --suite quick --no-report"}) {
    const auto r = run_process({"/bin/sh", "-c", "'" + kMidiloop + "' " + args + " >&-"}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 4) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("cannot write to standard output: Bad file descriptor"), std::string::npos) << r.err;
  }
}

// 'midiloop run | head -1': the reader goes away after one line. The run stops as for Ctrl-C,
// writes its report and page with what it finished, and exits 141 (documented), not killed by SIGPIPE.
TEST(Signals, AClosedPipeEndsARunWithItsReportWritten) {
  const Scratch scratch(false);
  const std::string command = "'" + kMidiloop + "' run --emulate good --suite standard --no-progress --report '" +
                              scratch.at("r.json") + "' --html '" + scratch.at("r.html") +
                              "' | head -n 1; echo \"midiloop exit ${PIPESTATUS[0]}\"";
  const auto r = run_process({"/bin/bash", "-c", command}, 60s);
  ASSERT_FALSE(r.timed_out);
  EXPECT_NE(r.out.find("midiloop exit 141"), std::string::npos) << r.out << r.err;
  const auto report = nlohmann::json::parse(read_file(scratch.at("r.json")), nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  EXPECT_EQ(report["verdict"], "INCOMPLETE");
  EXPECT_EQ(report["stopped"], "interrupted");
  EXPECT_GE(report["tests"].size(), 1u);
  const std::string page = read_file(scratch.at("r.html"));
  EXPECT_NE(page.find("INCOMPLETE"), std::string::npos);
  EXPECT_EQ(page.find("no test has finished yet"), std::string::npos);
  EXPECT_EQ(scratch.damage(), "");
}

// A terminal closed under a rehearsal (SIGHUP) ends it as Ctrl-C does: what was sent is said, the
// exit code is 130. The signal goes once the rehearsal has said it started, ~1 s of work before its end.
TEST(Signals, HangUpEndsARehearsalLikeCtrlC) {
  const Scratch scratch(false);
  std::string syx;
  for (int k = 0; k < 3'000'000; ++k) syx += std::string("\xF0\xF7", 2);
  write_file(scratch.at("big.syx"), syx);
  testing::SignalPlan plan;
  plan.when_out_contains = "midiloop rehearse:";
  plan.signals = {SIGHUP};
  const auto r = run_process({kMidiloop, "rehearse", scratch.at("big.syx"), "--emulate", "good", "--rate", "3125",
                              "--no-progress"},
                             60s, {}, plan);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_NE(r.out.find("Interrupted after"), std::string::npos) << r.out;
  EXPECT_EQ(scratch.damage(), "");
}

}  // namespace
}  // namespace midiloop
