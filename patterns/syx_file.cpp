#include "patterns/syx_file.hpp"

#include <cstdio>

#include "patterns/wire.hpp"

namespace midiloop {
namespace {

std::string hex(uint8_t b) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02X", b);
  return buf;
}

std::size_t bucket(std::size_t size) {
  std::size_t b = 1;
  while (b < size) b <<= 1;
  return b;
}

}  // namespace

void SyxChecker::problem(std::size_t offset, std::string what) {
  ++s_.problem_count;
  if (s_.problems.size() < kProblemsKept) s_.problems.push_back({offset, std::move(what)});
}

void SyxChecker::end_message(std::size_t end_offset) {
  const std::size_t size = end_offset - start_ + 1;
  ++s_.messages;
  s_.smallest = s_.messages == 1 ? size : std::min(s_.smallest, size);
  s_.largest = std::max(s_.largest, size);
  ++s_.size_histogram[bucket(size)];
  // Manufacturer ID: one byte, or 00 and two more (MIDI 1.0).
  std::string id;
  if (head_.size() >= 2) {
    id = hex(head_[1]);
    // Appended piece by piece: `" " + hex(...)` makes GCC 12 at -O3 report a false -Wrestrict
    // inside std::string (GCC bug 105329).
    if (head_[1] == 0x00 && head_.size() >= 4) id.append(" ").append(hex(head_[2])).append(" ").append(hex(head_[3]));
  }
  if (!id.empty()) ++s_.manufacturers[id];
  if (s_.messages == 1 && head_.size() >= 5 && head_[1] == 0x00 && head_[2] == 0x20 && head_[3] == 0x3C) {
    // Elektron (00 20 3C); device 02 Machinedrum, 03 Monomachine (docs/background.md §5).
    if (head_[4] == 0x02) s_.recognised = "Elektron Machinedrum OS upload";
    else if (head_[4] == 0x03) s_.recognised = "Elektron Monomachine OS upload";
    else s_.recognised = "Elektron (device " + hex(head_[4]) + ")";
  }
  inside_ = false;
}

void SyxChecker::feed(std::span<const uint8_t> block) {
  for (uint8_t b : block) {
    const std::size_t at = offset_++;
    if (b == 0xF0) {
      if (inside_) problem(start_, "message at offset " + std::to_string(start_) + " has no F7 (next F0 at " +
                                       std::to_string(at) + ")");
      if (stray_run_start_ != SIZE_MAX) {
        problem(stray_run_start_, std::to_string(at - stray_run_start_) + " stray byte(s) between messages");
        stray_run_start_ = SIZE_MAX;
      }
      inside_ = true;
      start_ = at;
      head_.assign(1, b);
      continue;
    }
    if (!inside_) {
      if (stray_run_start_ == SIZE_MAX) stray_run_start_ = at;
      continue;
    }
    if (b == 0xF7) {
      end_message(at);
      continue;
    }
    if (head_.size() < 5) head_.push_back(b);
    if (b >= 0x80) {
      problem(at, is_realtime(b) ? "realtime byte " + hex(b) + " inside a SysEx"
                                 : "byte " + hex(b) + " inside a SysEx (data bytes must be below 80)");
    }
  }
}

SyxSummary SyxChecker::finish() {
  s_.bytes = offset_;
  if (inside_) problem(start_, "message at offset " + std::to_string(start_) + " is not terminated (file ends)");
  if (stray_run_start_ != SIZE_MAX) {
    problem(stray_run_start_, std::to_string(offset_ - stray_run_start_) + " stray byte(s) after the last message");
  }
  return s_;
}

MessageList syx_messages(std::vector<uint8_t> bytes) {
  // Each F0 ... F7 moved down over whatever lay before it, in place: no second copy of the file.
  std::vector<uint32_t> starts;
  std::size_t kept = 0;
  std::size_t start = SIZE_MAX;
  for (std::size_t k = 0; k < bytes.size(); ++k) {
    if (bytes[k] == 0xF0) start = k;
    if (bytes[k] == 0xF7 && start != SIZE_MAX) {
      starts.push_back(static_cast<uint32_t>(kept));
      std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.begin() + static_cast<std::ptrdiff_t>(k + 1),
                bytes.begin() + static_cast<std::ptrdiff_t>(kept));
      kept += k + 1 - start;
      start = SIZE_MAX;
    }
  }
  bytes.resize(kept);
  bytes.shrink_to_fit();
  starts.shrink_to_fit();
  return MessageList(std::move(bytes), std::move(starts));
}

SyxSummary check_syx(std::span<const uint8_t> bytes) {
  SyxChecker checker;
  checker.feed(bytes);
  return checker.finish();
}

}  // namespace midiloop
