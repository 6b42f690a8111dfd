// Output paths on POSIX: a device node and a FIFO are refused and left as they are, symlinks are
// followed. The device node and the FIFO are made by the test in a scratch folder, never the
// system's own /dev/null.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "reports/user_file.hpp"
#include "tests/support/scratch_folder.hpp"

namespace midiloop {
namespace {

namespace fs = std::filesystem;

using OutputFile = testing::ScratchFolder;

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

TEST_F(OutputFile, ASymlinkAndItsTargetAreOneFile) {
  std::ofstream(at("real.json")) << "{}";
  fs::create_symlink(at("real.json"), at("link.json"));
  EXPECT_THROW(check_output_paths({{at("real.json"), "report"}, {at("link.json"), "HTML report"}}),
               OutputPathError);
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
