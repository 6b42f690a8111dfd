#pragma once
// Host models for the in-process emulator: what a real host (a JACK server and graph, RtMidi's JACK
// backend, WinMM, the ALSA sequencer) does to the bytes and times between midiloop and an interface,
// on the virtual clock. A host model sits between the engine and the DeviceModel, so host-made
// trouble (frame quantisation, a graph's one-period delay, SysEx joined or split, short fragments
// refused, buffers that overflow) is tested in milliseconds, not only on a live server
// (DESIGN.md key decision 9; docs/background.md §6).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tester/engine/clock.hpp"
#include "tester/emulator/device_model.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

struct HostParameter {
  std::string name;
  double default_value;
  double min, max;  // accepted range, inclusive
  std::string meaning;
};

struct HostModelInfo {
  std::string name;
  std::string description;  // what it models and the source it was read from
  std::vector<HostParameter> parameters;
};

const std::vector<HostModelInfo>& host_models();

struct HostSpec {
  std::string name;
  std::map<std::string, double> params;  // every parameter of the host model, defaults filled in
  double param(const std::string& key) const { return params.at(key); }
  std::string spec() const;  // "jack:period=256,rate=48000"
};

// Parses "name" or "name:key=value,key=value". Throws std::invalid_argument naming the problem and
// the choices (host models, their parameters, the accepted range).
HostSpec parse_host_spec(std::string_view spec);

// A Link to an emulated interface through an emulated host, on a virtual clock.
class HostModelLink final : public Link {
 public:
  HostModelLink(const ModelConfig& model, const HostSpec& host, VirtualClock& clock, uint64_t seed = 1);
  ~HostModelLink() override;
  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override;
  void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) override;
  bool receive(std::vector<Arrival>& out, int64_t deadline_ns) override;
  std::size_t max_chunk_bytes() const override { return kLinkChunkBytes; }
  LinkInfo info() const override;
  HostCounters host_counters() const override;
  int64_t lead_ns() const override;
  void start_schedule() override;

  class Host;  // one per host model (host_model.cpp)

 private:
  std::unique_ptr<Host> host_;
};

}  // namespace midiloop
