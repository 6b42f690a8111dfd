#pragma once
// A link to nothing: no cable, nothing ever comes back. Sends and waits move its virtual clock, so a
// test sees how long the engine keeps waiting before it gives up.
#include "tester/engine/clock.hpp"
#include "tester/engine/link.hpp"

namespace midiloop::testing {

class SilentLink final : public Link {
 public:
  explicit SilentLink(VirtualClock& clock) : clock_(clock) {}
  int64_t send(std::span<const uint8_t>, int64_t at_ns) override {
    clock_.advance_to(at_ns);
    return clock_.now_ns();
  }
  void take_left_times(std::vector<int64_t>&, int64_t) override {}
  bool receive(std::vector<Arrival>&, int64_t deadline_ns) override {
    clock_.advance_to(deadline_ns);
    return false;
  }
  std::size_t max_chunk_bytes() const override { return 4096; }
  LinkInfo info() const override { return {}; }

 private:
  VirtualClock& clock_;
};

}  // namespace midiloop::testing
