// libFuzzer target for the .syx checker: any bytes, fed in blocks of any size, must give a
// consistent summary and never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "patterns/syx_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the block size, so the streaming boundaries are fuzzed too.
  const std::size_t block = 1 + data[0] % 64;
  midiloop::SyxChecker checker;
  for (std::size_t at = 1; at < size; at += block) {
    checker.feed(std::span<const uint8_t>(data + at, std::min(block, size - at)));
  }
  const midiloop::SyxSummary streamed = checker.finish();
  const midiloop::SyxSummary whole = midiloop::check_syx(std::span<const uint8_t>(data + 1, size - 1));
  if (streamed.bytes != size - 1 || streamed.messages != whole.messages ||
      streamed.problem_count != whole.problem_count || streamed.messages * 2 > streamed.bytes ||
      streamed.problems.size() > midiloop::SyxChecker::kProblemsKept) {
    std::abort();
  }
  return 0;
}
