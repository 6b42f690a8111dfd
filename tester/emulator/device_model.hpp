#pragma once
// Models of USB-MIDI interfaces with a DIN OUT -> DIN IN loop cable. The path is
//   host bytes -> class-compliant USB-MIDI encoding -> USB OUT transfers -> device input handling
//   -> device FIFO -> DIN UART at 3125 B/s x speed -> loop cable -> device DIN receiver -> device
//   USB-MIDI encoding -> USB IN, one frame per ms -> class-compliant host decoding -> host bytes.
// Each fault model breaks one stage of that path the way real hardware does (docs/background.md §2-3).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tester/capture/capture.hpp"
#include "tester/emulator/usb_midi.hpp"

namespace midiloop {

// The values a model runs with, read from its spec once (parse_model_spec), so no byte looks a
// parameter up by name. A model uses the fields its catalogue row names; the others stay 0.
struct ModelSettings {
  uint64_t fifo_bytes = 0;
  double speed = 0;  // the DIN wire's, as a multiple of 3125 B/s
  uint64_t stale_cin = 0;
  uint64_t events_per_transfer = 0;
  uint64_t host_buffer_bytes = 0;
  uint64_t sysex_bytes_kept = 0;
  double bit_flip_chance = 0;
  double baud = 0;    // as a multiple of 31250
  uint64_t seed = 0;  // 0: the run's
  uint64_t rx_buffer_bytes = 0;
};

struct ModelParameter {
  using Whole = uint64_t ModelSettings::*;
  using Real = double ModelSettings::*;
  std::string name;  // as written in a spec
  std::string unit;
  double default_value;
  double min, max;  // accepted range, inclusive
  std::variant<Whole, Real> field;  // where the value goes; a Whole field takes whole numbers only
  std::string meaning;

  bool whole() const { return std::holds_alternative<Whole>(field); }
  // "a whole number from 16 to 65536 (bytes)"
  std::string allowed() const;
};

class Fault;  // tester/emulator/fault.hpp

struct ModelInfo {
  std::string name;
  std::string description;  // what it models and the real-world source
  std::vector<ModelParameter> parameters;
  // The error class the suite must report for it ("" for good): "dropped", "inserted", "corrupted"
  // or "truncated" (SysEx bytes or messages), or "lost realtime" / "moved realtime" (realtime bytes
  // inside SysEx, which are not SysEx damage).
  std::string expected_error;
  // The model's fault hooks, for one DeviceModel; `run_seed` drives random faults a spec gives no
  // seed for.
  std::unique_ptr<Fault> (*make_fault)(const ModelSettings& settings, uint64_t run_seed);
  // Bytes of a full-speed burst that get through before losses begin, for the models that lose
  // what exceeds a buffer: what the suite's buffer estimate must find. Null for the others.
  uint64_t (*buffer_bytes)(const ModelSettings& settings) = nullptr;
};

const std::vector<ModelInfo>& emulator_models();
// The catalogue row of `name`; null if there is none.
const ModelInfo* find_model(std::string_view name);

struct ModelConfig {
  std::string name;
  ModelSettings settings;  // every parameter of the model, defaults filled in
  std::string spec() const;  // "cheap-fifo:fifo=128,speed=1"
};

// Parses "name" or "name:key=value,key=value". Throws std::invalid_argument naming the problem: an
// unknown model (and the models there are), an unknown or repeated parameter (and the model's
// parameters), a value that is not a number, not whole where it must be, or out of its range (and
// the parameter's unit and range).
ModelConfig parse_model_spec(std::string_view spec);
// Sets one parameter of a parsed model, checked as parse_model_spec checks it.
void set_model_parameter(ModelConfig& config, const std::string& key, double value);

class DeviceModel {
 public:
  // `seed` drives the random parts of a model (line noise) when the spec gives no seed.
  explicit DeviceModel(const ModelConfig& config, uint64_t seed = 1);
  ~DeviceModel();

  // The host sends `bytes` in one go starting at `t_ns`. Returns when the last byte was taken:
  // later than `t_ns` when the device holds the host back (USB NAK). Adds bytes the device
  // threw away on the way in to `dropped`.
  int64_t host_send(int64_t t_ns, std::span<const uint8_t> bytes, uint64_t& dropped);
  // When the next bytes reach the host, if any are on their way.
  bool next_arrival(int64_t& t_ns);
  // Moves bytes that reached the host at or before `t_ns` into `out`, one Arrival per USB frame.
  void deliver_until(int64_t t_ns, std::vector<Arrival>& out);

  int64_t byte_ns() const { return byte_ns_; }

 private:
  void device_takes(int64_t& t_ns, uint8_t byte, uint64_t& dropped);  // device input handling
  void fifo_push(int64_t& t_ns, uint8_t byte, uint64_t& dropped);
  bool receive_next_wire_byte();  // runs one byte through the receiving half; false when none left
  void device_sends(int64_t t_ns, std::vector<UsbMidiPacket>& packets);
  void host_reads(int64_t frame_ns, const UsbMidiPacket& packet);

  std::unique_ptr<Fault> fault_;
  std::size_t fifo_capacity_;
  int64_t byte_ns_;
  int64_t usb_frame_ns_ = 1'000'000;

  // Sending half.
  UsbMidiEncoder host_encoder_;
  bool out_sysex_ = false;         // device's view of the outgoing stream
  std::size_t out_sysex_bytes_ = 0;
  bool out_discarding_ = false;    // dropping the rest of a SysEx cut short
  std::vector<uint8_t> held_realtime_;  // until the SysEx they arrived in ends
  uint8_t out_running_ = 0;        // running status on the DIN output
  int64_t uart_free_ns_ = 0;
  std::deque<int64_t> waiting_;    // UART start times of bytes still in the FIFO
  std::deque<std::pair<int64_t, uint8_t>> on_wire_;  // (stop bit at the far end, byte)

  // Receiving half.
  UsbMidiEncoder device_encoder_;
  std::vector<uint8_t> host_read_;  // what the host reads of one packet
  std::deque<std::pair<int64_t, uint8_t>> in_flight_;  // (arrival at host, byte), in time order
};

}  // namespace midiloop
