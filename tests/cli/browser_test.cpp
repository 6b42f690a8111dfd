// The HTML report in a real browser: Debian's chromium, headless, renders the page the binary
// writes to a PNG, and its console stays silent (the page has no JavaScript, so any console line
// is the browser complaining: a load the Content-Security-Policy blocked, a broken resource).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace midiloop {
namespace {

using namespace std::chrono_literals;
using testing::run_process;

const std::string kMidiloop = MIDILOOP_BINARY;
const char* const kChromium = "/usr/bin/chromium";
const std::string kSourceDir = MIDILOOP_SOURCE_DIR;

std::string temp_dir(const std::string& name) {
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / ("midiloop-browser-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

struct Rendering {
  testing::ProcessResult process;
  std::string png;       // the file's bytes
  std::string problems;  // the console lines that show something went wrong, one per line
};

// What chromium 1xx prints with --enable-logging=stderr: every console message as
// `[...:INFO:CONSOLE:<line>] "<text>", source: <url> (<line>)` (older builds: `CONSOLE(<line>)`),
// whatever its level; a CSP block as "... violates the following Content Security Policy
// directive ..." (older builds: "Refused to load ..."). Network errors carry "net::ERR_".
std::string console_problems(const std::string& log) {
  std::istringstream lines(log);
  std::string line, problems;
  while (std::getline(lines, line)) {
    for (const char* marker : {"CONSOLE", "Content Security Policy", "Refused to", "Uncaught", "ERR_"}) {
      if (line.find(marker) != std::string::npos) {
        problems += line + "\n";
        break;
      }
    }
  }
  return problems;
}

// `output`: what chromium makes of the page: --screenshot=FILE, or --dump-dom (the DOM it built, on stdout).
testing::ProcessResult chromium(const std::string& html, const std::string& dir, const std::string& output) {
  const std::string profile = dir + "/profile";
  std::filesystem::create_directories(profile);
  return run_process(
      {kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
       "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
       output, "--window-size=1280,3000", "file://" + std::filesystem::absolute(html).string()},
      90s);
}

Rendering render(const std::string& html, const std::string& dir) {
  const std::string png = dir + "/page.png";
  Rendering r;
  r.process = chromium(html, dir, "--screenshot=" + png);
  std::ifstream in(png, std::ios::binary);
  r.png.assign(std::istreambuf_iterator<char>(in), {});
  r.problems = console_problems(r.process.err);
  return r;
}

uint32_t big_endian(const std::string& bytes, std::size_t at) {
  uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) v = v << 8 | static_cast<uint8_t>(bytes[at + k]);
  return v;
}

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kChromium, X_OK) != 0) {
      GTEST_SKIP() << kChromium << " is missing: install the Debian package 'chromium' (scripts/deps.sh does)";
    }
  }
};

TEST_F(Browser, TheReportOfARealRunRendersWithASilentConsole) {
  const std::string dir = temp_dir("run");
  const auto run = run_process(
      {kMidiloop, "run", "--emulate", "cheap-fifo", "--report", dir + "/r.json", "--html", dir + "/r.html"}, 120s);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const Rendering r = render(dir + "/r.html", dir);
  ASSERT_FALSE(r.process.timed_out) << r.process.err;
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.problems, "") << "the browser complained about the page";
  ASSERT_GT(r.png.size(), 24u) << r.process.err;
  EXPECT_EQ(r.png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(r.png.substr(12, 4), "IHDR");
  EXPECT_EQ(big_endian(r.png, 16), 1280u);
  EXPECT_EQ(big_endian(r.png, 20), 3000u);
  // A blank page of this size compresses to a few KB; charts, tables and text do not.
  EXPECT_GT(r.png.size(), 100u * 1024) << "the page looks empty";
  std::cout << "[ rendered ] " << std::filesystem::file_size(dir + "/r.html") << " B of HTML to " << r.png.size()
            << " B of PNG in " << r.process.elapsed.count() << " ms\n";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Three example reports on one page: the browser builds the chart with a series for each (the DOM
// it dumps is what it parsed, not the file), and loads nothing.
TEST_F(Browser, TheComparisonPageHasThreeSeriesAndASilentConsole) {
  const std::string dir = temp_dir("compare");
  std::vector<std::string> args = {kMidiloop, "compare"};
  for (const char* model : {"good", "cheap-fifo", "ch345"}) args.push_back(kSourceDir + "/reports/examples/" + model + ".json");
  args.insert(args.end(), {"--html", dir + "/compare.html"});
  const auto compare = run_process(args, 60s);
  ASSERT_EQ(compare.exit_code, 0) << compare.out << compare.err;
  const auto dom = chromium(dir + "/compare.html", dir, "--dump-dom");
  ASSERT_FALSE(dom.timed_out) << dom.err;
  EXPECT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_EQ(console_problems(dom.err), "") << "the browser complained about the page";
  const auto chart = dom.out.find("aria-label=\"Delivered against offered rate, every interface\"");
  ASSERT_NE(chart, std::string::npos) << dom.out.substr(0, 2000);
  const std::string svg = dom.out.substr(chart, dom.out.find("</svg>", chart) - chart);
  // Each interface's group twice: its curve and points, then its key in the legend.
  for (const char* series : {"<g class=\"series s0 d0\">", "<g class=\"series s1 d1\">", "<g class=\"series s2 d2\">"}) {
    EXPECT_EQ(count(svg, series), 2u) << series;
  }
  EXPECT_EQ(count(svg, "<g class=\"series"), 6u);
  EXPECT_EQ(count(dom.out, "<th class=\"iface\">"), 6u) << "three interfaces in the table and in the matrix";
  const Rendering r = render(dir + "/compare.html", dir);
  EXPECT_EQ(r.problems, "");
  EXPECT_GT(r.png.size(), 100u * 1024) << "the page looks empty";
  std::cout << "[ rendered ] " << std::filesystem::file_size(dir + "/compare.html") << " B of HTML: DOM in "
            << dom.elapsed.count() << " ms, PNG of " << r.png.size() << " B in " << r.process.elapsed.count() << " ms\n";
}

// The check above must be able to fail: a page that tries to load something is caught.
TEST_F(Browser, ABlockedLoadIsCaught) {
  const std::string dir = temp_dir("blocked");
  std::ofstream(dir + "/bad.html")
      << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" "
         "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><title>t</title></head>"
         "<body><p>report</p><img src=\"https://example.invalid/chart.png\"></body></html>\n";
  const Rendering r = render(dir + "/bad.html", dir);
  ASSERT_FALSE(r.process.timed_out) << r.process.err;
  EXPECT_NE(r.problems.find("example.invalid/chart.png"), std::string::npos) << r.process.err;
}

}  // namespace
}  // namespace midiloop
