#include "tester/emulator.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "patterns/wire.hpp"

namespace midiloop {

const std::vector<ModelInfo>& emulator_models() {
  static const std::vector<ModelInfo> models = {
      {"good",
       "A class-compliant interface that holds the host back (USB NAK) while its FIFO is full, so "
       "nothing is lost; SysEx of any length arrives intact at the wire rate.",
       {{"fifo", 64, "device FIFO size in bytes"}, {"speed", 1, "wire speed as a multiple of 3125 B/s"}}},
      {"cheap-fifo",
       "A cheap cable that accepts USB bursts into a small FIFO far faster than the DIN side drains "
       "it, and drops what overflows (TinyUSB #358 'large sysex transfers drop almost half'; the "
       "Alesis cable that takes 128 bytes at a time, krevis/MIDIApps#43).",
       {{"fifo", 128, "device FIFO size in bytes"}, {"speed", 1, "wire speed as a multiple of 3125 B/s"}}},
  };
  return models;
}

std::string ModelConfig::spec() const {
  std::ostringstream out;
  out << name;
  char sep = ':';
  for (const auto& [key, value] : params) {
    out << sep << key << '=' << value;
    sep = ',';
  }
  return out.str();
}

ModelConfig parse_model_spec(std::string_view spec) {
  const auto colon = spec.find(':');
  const std::string name(spec.substr(0, colon));
  const auto& models = emulator_models();
  auto it = std::find_if(models.begin(), models.end(), [&](const ModelInfo& m) { return m.name == name; });
  if (it == models.end()) {
    std::string names;
    for (const auto& m : models) names += (names.empty() ? "" : ", ") + m.name;
    throw std::invalid_argument("unknown emulated model '" + name + "'; models: " + names);
  }
  ModelConfig config{name, {}};
  for (const auto& p : it->parameters) config.params[p.name] = p.default_value;
  if (colon == std::string_view::npos) return config;
  std::string_view rest = spec.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto eq = item.find('=');
    const std::string key(item.substr(0, eq));
    if (eq == std::string_view::npos || !config.params.count(key)) {
      std::string keys;
      for (const auto& p : it->parameters) keys += (keys.empty() ? "" : ", ") + p.name;
      throw std::invalid_argument("model '" + name + "' has no parameter '" + key + "'; parameters: " + keys +
                                  " (write them as " + name + ":key=value)");
    }
    const std::string text(item.substr(eq + 1));
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value) || value <= 0) {
      throw std::invalid_argument("parameter '" + key + "' of model '" + name + "' must be a positive number, not '" +
                                  text + "'");
    }
    config.params[key] = value;
  }
  return config;
}

DeviceModel::DeviceModel(const ModelConfig& config)
    : back_pressure_(config.name == "good"),
      fifo_capacity_(static_cast<std::size_t>(std::max(1.0, config.param("fifo")))),
      byte_ns_(wire_ns(1, config.param("speed"))),
      usb_frame_ns_(1'000'000) {}

void DeviceModel::release_started(int64_t t_ns) {
  while (!waiting_.empty() && waiting_.front() <= t_ns) waiting_.pop_front();
}

int64_t DeviceModel::accept(int64_t t_ns, uint8_t byte, bool& dropped) {
  release_started(t_ns);
  if (waiting_.size() >= fifo_capacity_) {
    if (!back_pressure_) {
      dropped = true;
      return t_ns;
    }
    // The host's USB transfer is NAKed until the UART takes the oldest byte out of the FIFO.
    t_ns = waiting_.front();
    release_started(t_ns);
  }
  dropped = false;
  const int64_t start = std::max(t_ns, uart_free_ns_);
  uart_free_ns_ = start + byte_ns_;
  waiting_.push_back(start);
  // The receiving side sends what it got at the next USB frame after the stop bit.
  const int64_t arrival = (uart_free_ns_ / usb_frame_ns_ + 1) * usb_frame_ns_;
  in_flight_.emplace_back(arrival, byte);
  return t_ns;
}

bool DeviceModel::next_arrival(int64_t& t_ns) const {
  if (in_flight_.empty()) return false;
  t_ns = in_flight_.front().first;
  return true;
}

void DeviceModel::deliver_until(int64_t t_ns, std::vector<Arrival>& out) {
  while (!in_flight_.empty() && in_flight_.front().first <= t_ns) {
    const int64_t frame = in_flight_.front().first;
    Arrival arrival{frame, {}};
    while (!in_flight_.empty() && in_flight_.front().first == frame) {
      arrival.bytes.push_back(in_flight_.front().second);
      in_flight_.pop_front();
    }
    out.push_back(std::move(arrival));
  }
}

}  // namespace midiloop
