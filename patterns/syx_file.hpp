#pragma once
// What is in a .syx file, read as a stream: messages, sizes, manufacturers, a recognised Elektron
// OS header, and every defect with its byte offset. Pure: bytes in (any block size), findings out.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "patterns/message_list.hpp"

namespace midiloop {

struct SyxProblem {
  std::size_t offset = 0;
  std::string what;
};

struct SyxSummary {
  std::size_t bytes = 0;
  std::size_t messages = 0;      // complete F0 ... F7
  std::size_t smallest = 0, largest = 0;
  std::map<std::size_t, std::size_t> size_histogram;  // upper bound (power of two) -> messages
  std::map<std::string, std::size_t> manufacturers;    // "00 20 3C" -> messages
  std::string recognised;        // e.g. "Elektron Machinedrum OS upload", or empty
  std::size_t problem_count = 0; // all problems, though only the first few are kept
  std::vector<SyxProblem> problems;
  bool ok() const { return problem_count == 0 && messages > 0; }
};

// Instrument firmware is a few MB; a larger file is not a .syx midiloop will check or send.
inline constexpr std::size_t kLargestSyxBytes = 64u << 20;

class SyxChecker {
 public:
  static constexpr std::size_t kProblemsKept = 20;
  void feed(std::span<const uint8_t> block);
  SyxSummary finish();  // call once, after the last block

 private:
  void problem(std::size_t offset, std::string what);
  void end_message(std::size_t end_offset);
  SyxSummary s_;
  std::size_t offset_ = 0;
  bool inside_ = false;
  std::size_t start_ = 0;
  std::vector<uint8_t> head_;  // first bytes of the current message, for the manufacturer ID
  std::size_t stray_run_start_ = SIZE_MAX;
};

SyxSummary check_syx(std::span<const uint8_t> bytes);

// The messages of a well-formed file (check it first), in order, in the file's own buffer.
MessageList syx_messages(std::vector<uint8_t> bytes);

}  // namespace midiloop
