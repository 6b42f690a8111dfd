#pragma once
// Messages laid end to end: their bytes in one buffer and where each starts. A .syx file of
// millions of tiny messages then costs its own size plus 4 bytes a message, not a heap block each.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace midiloop {

class MessageList {
 public:
  MessageList() = default;
  // From separately built messages (the suites' test cases are built so).
  MessageList(const std::vector<std::vector<uint8_t>>& messages);  // NOLINT: implicit on purpose
  MessageList(std::initializer_list<std::vector<uint8_t>> messages)
      : MessageList(std::vector<std::vector<uint8_t>>(messages)) {}
  // Takes `bytes` and the offset where each message starts in it (ascending, the first 0).
  MessageList(std::vector<uint8_t> bytes, std::vector<uint32_t> starts);

  std::size_t size() const { return starts_.size(); }
  bool empty() const { return starts_.empty(); }
  std::span<const uint8_t> operator[](std::size_t k) const {
    const std::size_t end = k + 1 < starts_.size() ? starts_[k + 1] : bytes_.size();
    return std::span<const uint8_t>(bytes_).subspan(starts_[k], end - starts_[k]);
  }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  const std::vector<uint32_t>& starts() const { return starts_; }
  // Gives up the buffers (the engine keeps them as what it sent).
  std::vector<uint8_t> take_bytes() && { return std::move(bytes_); }
  std::vector<uint32_t> take_starts() && { return std::move(starts_); }

 private:
  std::vector<uint8_t> bytes_;
  std::vector<uint32_t> starts_;
};

}  // namespace midiloop
