#include "tester/links/emulated/emulated_link.hpp"

namespace midiloop {

EmulatedLink::EmulatedLink(const ModelConfig& config, VirtualClock& clock, uint64_t seed)
    : config_(config), clock_(clock), device_(config, seed) {}

int64_t EmulatedLink::send(std::span<const uint8_t> bytes, int64_t at_ns) {
  clock_.advance_to(at_ns);
  left_.push_back(clock_.now_ns());
  uint64_t dropped = 0;  // the analysis finds losses by comparing; the model's own count is not needed
  clock_.advance_to(device_.host_send(clock_.now_ns(), bytes, dropped));
  return clock_.now_ns();
}

void EmulatedLink::take_left_times(std::vector<int64_t>& out, int64_t) {
  out.insert(out.end(), left_.begin(), left_.end());
  left_.clear();
}

bool EmulatedLink::receive(std::vector<Arrival>& out, int64_t deadline_ns) {
  const std::size_t before = out.size();
  device_.deliver_until(clock_.now_ns(), out);
  if (out.size() > before) return true;
  int64_t next = 0;
  if (device_.next_arrival(next) && next <= deadline_ns) {
    clock_.advance_to(next);
    device_.deliver_until(next, out);
    return true;
  }
  clock_.advance_to(deadline_ns);
  return false;
}

LinkInfo EmulatedLink::info() const {
  LinkInfo info;
  info.kind = "emulated";
  info.api = "virtual";
  info.out = "emulated:" + config_.name + " out";
  info.in = "emulated:" + config_.name + " in";
  info.model = config_.spec();
  info.timestamps = TimestampSource::virtual_clock;
  info.resolution_ns = 1;
  return info;
}

}  // namespace midiloop
