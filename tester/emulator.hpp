#pragma once
// Models of USB-MIDI interfaces with a DIN OUT -> DIN IN loop cable. The path is
// host -> USB (much faster than the wire) -> device FIFO -> DIN UART at 3125 B/s x speed ->
// loop cable -> device DIN receiver -> USB frame (1 ms) -> host. A fault model breaks one stage
// of that path the way real hardware does (FACTS.md §3).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tester/link.hpp"

namespace midiloop {

struct ModelParameter {
  std::string name;
  double default_value;
  std::string meaning;
};

struct ModelInfo {
  std::string name;
  std::string description;  // what it models and the real-world source
  std::vector<ModelParameter> parameters;
};

const std::vector<ModelInfo>& emulator_models();

struct ModelConfig {
  std::string name;
  std::map<std::string, double> params;  // every parameter of the model, defaults filled in
  double param(const std::string& key) const { return params.at(key); }
  std::string spec() const;  // "cheap-fifo:fifo=128,speed=1"
};

// Parses "name" or "name:key=value,key=value". Throws std::invalid_argument naming the problem.
ModelConfig parse_model_spec(std::string_view spec);

class DeviceModel {
 public:
  explicit DeviceModel(const ModelConfig& config);

  // The host hands one byte to the device at `t_ns`. Returns when the device took it: `t_ns`, or
  // later when it holds the host back (USB NAK). `dropped` says whether it was thrown away.
  int64_t accept(int64_t t_ns, uint8_t byte, bool& dropped);
  // When the next byte reaches the host, if any is on its way.
  bool next_arrival(int64_t& t_ns) const;
  // Moves bytes that reached the host at or before `t_ns` into `out`, one Arrival per USB frame.
  void deliver_until(int64_t t_ns, std::vector<Arrival>& out);

  int64_t byte_ns() const { return byte_ns_; }

 private:
  void release_started(int64_t t_ns);

  bool back_pressure_;
  std::size_t fifo_capacity_;
  int64_t byte_ns_;
  int64_t usb_frame_ns_;
  int64_t uart_free_ns_ = 0;
  std::deque<int64_t> waiting_;  // UART start times of bytes still in the FIFO
  std::deque<std::pair<int64_t, uint8_t>> in_flight_;  // (arrival at host, byte), in time order
};

}  // namespace midiloop
