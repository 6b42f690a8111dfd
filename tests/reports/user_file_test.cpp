// Output paths on every platform: only regular files are ever written, and only whole; a missing
// folder, a folder and two spellings of one file are refused. The platform's own special files are
// in user_file_posix_test.cpp and user_file_windows_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "reports/user_file.hpp"
#include "tests/support/scratch_folder.hpp"

namespace midiloop {
namespace {

namespace fs = std::filesystem;

using OutputFile = testing::ScratchFolder;

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

}  // namespace
}  // namespace midiloop
