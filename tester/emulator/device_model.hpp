#pragma once
// Models of USB-MIDI interfaces with a DIN OUT -> DIN IN loop cable. The path is
//   host bytes -> class-compliant USB-MIDI encoding -> USB OUT transfers -> device input handling
//   -> device FIFO -> DIN UART at 3125 B/s x speed -> loop cable -> device DIN receiver -> device
//   USB-MIDI encoding -> USB IN, one frame per ms -> class-compliant host decoding -> host bytes.
// Each fault model breaks one stage of that path the way real hardware does (FACTS.md §2-3).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tester/capture/capture.hpp"
#include "tester/emulator/usb_midi.hpp"

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
  // The error class the suite must report for it ("" for good): "dropped", "inserted", "corrupted"
  // or "truncated" (SysEx bytes or messages), or "lost realtime" / "moved realtime" (realtime bytes
  // inside SysEx, which are not SysEx damage).
  std::string expected_error;
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
  // `seed` drives the random parts of a model (line noise) when the spec gives no seed.
  explicit DeviceModel(const ModelConfig& config, uint64_t seed = 1);

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
  enum class Fault {
    none, cheap_fifo, ch345, cin_f_intolerant, one_event_per_transfer, realtime_strip, realtime_terminates,
    realtime_defer,
    stale_bytes, running_status_noteon, driver_tear, truncate, line_noise, half_duplex
  };
  void device_takes(int64_t& t_ns, uint8_t byte, uint64_t& dropped);  // device input handling
  void fifo_push(int64_t& t_ns, uint8_t byte, uint64_t& dropped);
  bool receive_next_wire_byte();  // runs one byte through the receiving half; false when none left
  void device_sends(int64_t t_ns, std::vector<UsbMidiPacket>& packets);
  void host_reads(int64_t frame_ns, const UsbMidiPacket& packet);

  Fault fault_;
  ModelConfig config_;
  std::size_t fifo_capacity_;
  int64_t byte_ns_;
  int64_t usb_frame_ns_ = 1'000'000;
  uint64_t rng_;

  // Sending half.
  UsbMidiEncoder host_encoder_;
  bool out_sysex_ = false;         // device's view of the outgoing stream
  std::size_t out_sysex_bytes_ = 0;
  bool out_discarding_ = false;
  std::vector<uint8_t> deferred_;  // realtime-defer: realtime held until the SysEx ends    // truncate / realtime-terminates: dropping the rest of a SysEx
  uint8_t out_running_ = 0;        // running status on the DIN output
  int64_t uart_free_ns_ = 0;
  std::deque<int64_t> waiting_;    // UART start times of bytes still in the FIFO
  std::deque<std::pair<int64_t, uint8_t>> on_wire_;  // (stop bit at the far end, byte)
  std::vector<std::pair<int64_t, int64_t>> busy_;    // host send calls in progress, [start, end]
  std::size_t busy_index_ = 0;
  std::size_t busy_kept_ = 0;      // half-duplex: bytes kept during the current busy interval

  // Receiving half.
  UsbMidiEncoder device_encoder_;
  std::size_t sysex_packets_ = 0;
  UsbMidiPacket last_sysex_packet_;
  std::size_t host_sysex_bytes_ = 0;
  bool host_sysex_ = false;
  uint8_t host_last_[2] = {0, 0};
  std::deque<std::pair<int64_t, uint8_t>> in_flight_;  // (arrival at host, byte), in time order
};

}  // namespace midiloop
