// Output paths: only regular files are ever written, and only whole. The device node and the FIFO
// are made by the test in a scratch folder, never the system's own /dev/null.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/user_file.hpp"

namespace midiloop {
namespace {

namespace fs = std::filesystem;

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/midiloop-output-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string at(const std::string& name) const { return dir_ + "/" + name; }
  static std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
};

TEST_F(OutputFile, ADeviceNodeIsRefusedAndStaysADevice) {
  const std::string node = at("null");
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "cannot make a device node here (" << std::strerror(errno) << "): needs root";
  }
  EXPECT_THROW(check_output_paths({{node, "report"}}), OutputPathError);
  EXPECT_THROW(write_file_atomically(node, "{}", "report"), OutputPathError);
  struct stat st {};
  ASSERT_EQ(::lstat(node.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_FALSE(fs::exists(node + ".tmp." + std::to_string(::getpid())));
}

TEST_F(OutputFile, ANamedPipeIsRefusedWithoutOpeningIt) {
  const std::string fifo = at("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  // Opening a FIFO for writing blocks until a reader comes: a refusal that returns is the proof.
  try {
    check_output_paths({{fifo, "HTML report"}});
    FAIL() << "a FIFO was accepted";
  } catch (const OutputPathError& e) {
    EXPECT_NE(std::string(e.what()).find("named pipe"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("HTML report"), std::string::npos) << e.what();
  }
  EXPECT_THROW(write_file_atomically(fifo, "<html>", "HTML report"), OutputPathError);
  EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST_F(OutputFile, AFolderAnEmptyPathAndAMissingFolderAreRefused) {
  EXPECT_THROW(check_output_paths({{dir_, "report"}}), OutputPathError);
  EXPECT_THROW(check_output_paths({{"", "HTML report"}}), OutputPathError);
  try {
    check_output_paths({{at("nodir/p.html"), "HTML report"}});
    FAIL() << "a path in a missing folder was accepted";
  } catch (const OutputPathError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
}

TEST_F(OutputFile, OneFileByTwoSpellingsIsRefused) {
  // Not there yet: the same name through different folders.
  EXPECT_THROW(check_output_paths({{at("same.json"), "report"}, {dir_ + "/./same.json", "HTML report"}}),
               OutputPathError);
  fs::create_directory(at("sub"));
  EXPECT_THROW(check_output_paths({{at("same.json"), "report"}, {at("sub/../same.json"), "HTML report"}}),
               OutputPathError);
  // There already: a symlink and its target.
  std::ofstream(at("real.json")) << "{}";
  fs::create_symlink(at("real.json"), at("link.json"));
  EXPECT_THROW(check_output_paths({{at("real.json"), "report"}, {at("link.json"), "HTML report"}}),
               OutputPathError);
  EXPECT_NO_THROW(check_output_paths({{at("a.json"), "report"}, {at("a.html"), "HTML report"}}));
}

TEST_F(OutputFile, AReplacedFileIsWholeAndNoTempFileIsLeft) {
  const std::string path = at("report.json");
  std::ofstream(path) << "old";
  write_file_atomically(path, "new content", "report");
  EXPECT_EQ(read(path), "new content");
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST_F(OutputFile, ASymlinkIsFollowedAndStaysALink) {
  std::ofstream(at("real.json")) << "old";
  fs::create_symlink(at("real.json"), at("link.json"));
  write_file_atomically(at("link.json"), "new", "report");
  EXPECT_TRUE(fs::is_symlink(at("link.json")));
  EXPECT_EQ(read(at("real.json")), "new");
}

}  // namespace
}  // namespace midiloop
