#pragma once
// A Link to an emulated interface, on a virtual clock: deterministic and fast.
#include "tester/engine/clock.hpp"
#include "tester/emulator/device_model.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

class EmulatedLink final : public Link {
 public:
  EmulatedLink(const ModelConfig& config, VirtualClock& clock, uint64_t seed = 1);
  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override;
  void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) override;
  bool receive(std::vector<Arrival>& out, int64_t deadline_ns) override;
  std::size_t max_chunk_bytes() const override { return kLinkChunkBytes; }
  LinkInfo info() const override;

 private:
  ModelConfig config_;
  VirtualClock& clock_;
  DeviceModel device_;
  std::vector<int64_t> left_;
};

}  // namespace midiloop
