// Output and input paths on Windows: the device names that exist in every folder (CON, NUL, COM1)
// are refused as /dev/null is on POSIX, and nothing is written beside them.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reports/user_file.hpp"
#include "tests/support/scratch_folder.hpp"

namespace midiloop {
namespace {

namespace fs = std::filesystem;

using WindowsPaths = testing::ScratchFolder;

TEST_F(WindowsPaths, DeviceNamesAreRefusedAsOutputs) {
  for (const std::string device : {"NUL", "CON", "COM1", "nul", "con.json", "LPT1.txt"}) {
    try {
      check_output_paths({{device, "report"}});
      FAIL() << device << " was accepted";
    } catch (const OutputPathError& e) {
      EXPECT_NE(std::string(e.what()).find("a device"), std::string::npos) << e.what();
    }
    EXPECT_THROW(write_file_atomically(at(device), "{}", "report"), OutputPathError) << device;
  }
  // Nothing was written in the folder, not even a temp file.
  EXPECT_TRUE(fs::is_empty(folder_));
}

TEST_F(WindowsPaths, DevicesAndFoldersAreRefusedAsInputs) {
  try {
    read_user_file("NUL", ".syx file", 1 << 20);
    FAIL() << "NUL was read";
  } catch (const InputFileError& e) {
    EXPECT_NE(std::string(e.what()).find("a device"), std::string::npos) << e.what();
  }
  try {
    read_user_file(dir_, ".syx file", 1 << 20);
    FAIL() << "a folder was read";
  } catch (const InputFileError& e) {
    EXPECT_NE(std::string(e.what()).find("a folder"), std::string::npos) << e.what();
  }
}

TEST_F(WindowsPaths, OneFileByTwoCasesIsRefused) {
  // NTFS names are case-blind: Report.json and report.json are one file, there or not yet.
  EXPECT_THROW(check_output_paths({{at("report.json"), "report"}, {at("REPORT.json"), "HTML report"}}),
               OutputPathError);
  write_file_atomically(at("report.json"), "{}", "report");
  EXPECT_THROW(check_output_paths({{at("report.json"), "report"}, {at("Report.JSON"), "HTML report"}}),
               OutputPathError);
}

}  // namespace
}  // namespace midiloop
