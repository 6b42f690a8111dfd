#include "tester/emulated_link.hpp"

namespace midiloop {

EmulatedLink::EmulatedLink(const ModelConfig& config, VirtualClock& clock, uint64_t seed)
    : config_(config), clock_(clock), device_(config, seed) {}

void EmulatedLink::send(std::span<const uint8_t> bytes) {
  uint64_t dropped = 0;  // the analysis finds losses by comparing; the model's own count is not needed
  clock_.advance_to(device_.host_send(clock_.now_ns(), bytes, dropped));
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
  return {"emulated", "virtual", "emulated:" + config_.name + " out", "emulated:" + config_.name + " in",
          config_.spec()};
}

}  // namespace midiloop
