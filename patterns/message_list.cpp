#include "patterns/message_list.hpp"

#include <stdexcept>
#include <utility>

namespace midiloop {

MessageList::MessageList(const std::vector<std::vector<uint8_t>>& messages) {
  std::size_t total = 0;
  for (const auto& m : messages) total += m.size();
  // Offsets are 32-bit: a .syx is at most 64 MB and a test far less.
  if (total > UINT32_MAX) throw std::length_error("messages larger than 4 GB");
  bytes_.reserve(total);
  starts_.reserve(messages.size());
  for (const auto& m : messages) {
    starts_.push_back(static_cast<uint32_t>(bytes_.size()));
    bytes_.insert(bytes_.end(), m.begin(), m.end());
  }
}

MessageList::MessageList(std::vector<uint8_t> bytes, std::vector<uint32_t> starts)
    : bytes_(std::move(bytes)), starts_(std::move(starts)) {
  if (bytes_.size() > UINT32_MAX) throw std::length_error("messages larger than 4 GB");
}

}  // namespace midiloop
