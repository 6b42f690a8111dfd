#include "tester/emulator/device_model.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "patterns/quantity.hpp"
#include "patterns/wire.hpp"
#include "tester/emulator/fault.hpp"
#include "tester/emulator/spec_text.hpp"

namespace midiloop {
namespace {

// Whole numbers as such (a spec's 1048576 is not 1.04858e+06), others as a stream writes them.
std::string number_text(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e18) return std::to_string(static_cast<long long>(value));
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string parameter_list(const ModelInfo& model) {
  std::string list;
  for (const auto& p : model.parameters) list += (list.empty() ? "" : "; ") + p.name + ", " + p.allowed();
  return list;
}

[[noreturn]] void throw_bad_value(const ModelInfo& model, const ModelParameter& p, const std::string& problem) {
  throw std::invalid_argument("parameter '" + p.name + "' of model '" + model.name + "' " + problem + "; it must be " +
                              p.allowed());
}

const ModelParameter& parameter_of(const ModelInfo& model, const std::string& key) {
  for (const auto& p : model.parameters) {
    if (p.name == key) return p;
  }
  throw std::invalid_argument("model '" + model.name + "' has no parameter '" + key + "'; parameters: " +
                              parameter_list(model) + " (write them as " + model.name + ":key=value)");
}

// `written` is the value as the user gave it, for the message.
void set_checked(const ModelInfo& model, const ModelParameter& p, double value, const std::string& written,
                 ModelSettings& settings) {
  if (p.whole() && value != std::floor(value)) throw_bad_value(model, p, "is " + written + ", not a whole number");
  if (value < p.min || value > p.max) throw_bad_value(model, p, "is " + written + ", out of range");
  if (p.whole()) {
    settings.*std::get<ModelParameter::Whole>(p.field) = static_cast<uint64_t>(value);
  } else {
    settings.*std::get<ModelParameter::Real>(p.field) = value;
  }
}

const ModelInfo& model_or_throw(std::string_view name) {
  if (const ModelInfo* model = find_model(name)) return *model;
  std::string names;
  for (const auto& m : emulator_models()) names += (names.empty() ? "" : ", ") + m.name;
  throw std::invalid_argument("unknown emulated model '" + std::string(name) + "'; models: " + names);
}

}  // namespace

std::string ModelParameter::allowed() const {
  return std::string(whole() ? "a whole number" : "a number") + " from " + number_text(min) + " to " +
         number_text(max) + (unit.empty() ? "" : " (" + unit + ")");
}

const ModelInfo* find_model(std::string_view name) {
  for (const auto& model : emulator_models()) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

std::string ModelConfig::spec() const {
  const ModelInfo* model = find_model(name);
  if (!model) return name;
  std::vector<const ModelParameter*> by_name;
  for (const auto& p : model->parameters) by_name.push_back(&p);
  std::sort(by_name.begin(), by_name.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  std::ostringstream out;
  out << name;
  char sep = ':';
  for (const ModelParameter* p : by_name) {
    out << sep << p->name << '=';
    if (p->whole()) {
      out << settings.*std::get<ModelParameter::Whole>(p->field);
    } else {
      out << settings.*std::get<ModelParameter::Real>(p->field);
    }
    sep = ',';
  }
  return out.str();
}

ModelConfig parse_model_spec(std::string_view spec) {
  const SplitSpec split = split_spec(spec);
  const ModelInfo& model = model_or_throw(split.name);
  ModelConfig config{model.name, {}};
  for (const auto& p : model.parameters) {
    set_checked(model, p, p.default_value, number_text(p.default_value), config.settings);
  }
  std::map<std::string, std::string> given;  // key -> value as written
  for (const SpecItem& item : split.items) {
    const ModelParameter& p = parameter_of(model, item.key);
    if (!item.has_value) throw_bad_value(model, p, "has no value (write " + p.name + "=VALUE)");
    if (const auto earlier = given.find(p.name); earlier != given.end()) {
      throw_bad_value(model, p, "is given twice (" + p.name + "=" + earlier->second + " and " + p.name + "=" +
                                    item.value + "): give it once");
    }
    given[p.name] = item.value;
    const std::optional<double> value = read_number(item.value);
    if (!value) throw_bad_value(model, p, "is '" + item.value + "', not a finite number");
    set_checked(model, p, *value, item.value, config.settings);
  }
  return config;
}

void set_model_parameter(ModelConfig& config, const std::string& key, double value) {
  const ModelInfo& model = model_or_throw(config.name);
  set_checked(model, parameter_of(model, key), value, number_text(value), config.settings);
}

DeviceModel::DeviceModel(const ModelConfig& config, uint64_t seed)
    : fault_(model_or_throw(config.name).make_fault(config.settings, seed)),
      fifo_capacity_(config.settings.fifo_bytes),
      byte_ns_(wire_ns(1, config.settings.speed * fault_->baud())) {}

DeviceModel::~DeviceModel() = default;

int64_t DeviceModel::host_send(int64_t t_ns, std::span<const uint8_t> bytes, uint64_t& dropped) {
  const int64_t start = t_ns;
  std::vector<UsbMidiPacket> packets;
  for (uint8_t b : bytes) host_encoder_.feed(b, packets);
  std::vector<uint8_t> carried;
  for (std::size_t k = 0; k < packets.size(); ++k) {
    const UsbMidiPacket& p = packets[k];
    if (!fault_->takes_event(p, k)) {
      dropped += cin_length(p.cin());
      continue;
    }
    carried.clear();
    decode_packet(p, carried);
    for (uint8_t b : carried) device_takes(t_ns, b, dropped);
  }
  fault_->host_transfer(start, t_ns);
  return t_ns;
}

void DeviceModel::device_takes(int64_t& t_ns, uint8_t byte, uint64_t& dropped) {
  if (is_realtime(byte)) {
    if (out_sysex_) {
      switch (fault_->realtime_in_sysex()) {
        case RealtimeInSysex::pass:
          break;
        case RealtimeInSysex::drop:
          ++dropped;
          return;
        case RealtimeInSysex::hold:
          held_realtime_.push_back(byte);
          return;
        case RealtimeInSysex::end_sysex:
          fifo_push(t_ns, 0xF7, dropped);
          out_sysex_ = false;
          out_discarding_ = true;
          break;
      }
    }
    fifo_push(t_ns, byte, dropped);
    return;
  }
  if (byte == 0xF0) {
    out_sysex_ = true;
    out_sysex_bytes_ = 0;
    out_discarding_ = false;
  } else if (is_status(byte)) {
    out_sysex_ = false;
    if (out_discarding_ && byte == 0xF7) {  // the end of a SysEx already cut short
      out_discarding_ = false;
      ++dropped;
      return;
    }
    out_discarding_ = false;
  }
  if (out_discarding_) {
    ++dropped;
    return;
  }
  // Like most interfaces, the device leaves a repeated channel status off the DIN wire (running
  // status); SysEx and system common cancel it, realtime does not.
  if (is_status(byte)) {
    if (byte < 0xF0 && byte == out_running_) return;
    out_running_ = byte < 0xF0 ? byte : 0;
  }
  if (out_sysex_ && !fault_->forwards_sysex_byte(++out_sysex_bytes_)) {
    out_sysex_ = false;
    out_discarding_ = true;
    ++dropped;
    return;
  }
  fifo_push(t_ns, byte, dropped);
  if (!out_sysex_ && !held_realtime_.empty()) {
    for (uint8_t held : held_realtime_) fifo_push(t_ns, held, dropped);
    held_realtime_.clear();
  }
}

void DeviceModel::fifo_push(int64_t& t_ns, uint8_t byte, uint64_t& dropped) {
  while (!waiting_.empty() && waiting_.front() <= t_ns) waiting_.pop_front();
  if (waiting_.size() >= fifo_capacity_) {
    if (fault_->drops_when_fifo_full()) {
      ++dropped;
      return;
    }
    // The host's USB transfer is NAKed until the UART takes the oldest byte out of the FIFO.
    t_ns = waiting_.front();
    waiting_.pop_front();
  }
  const int64_t start = std::max(t_ns, uart_free_ns_);
  uart_free_ns_ = start + byte_ns_;
  waiting_.push_back(start);
  on_wire_.emplace_back(uart_free_ns_, byte);
}

bool DeviceModel::receive_next_wire_byte() {
  if (on_wire_.empty()) return false;
  auto [t, byte] = on_wire_.front();
  on_wire_.pop_front();
  if (!fault_->din_receives(t, byte)) return true;
  std::vector<UsbMidiPacket> packets;
  device_encoder_.feed(byte, packets);
  device_sends(t, packets);
  return true;
}

void DeviceModel::device_sends(int64_t t_ns, std::vector<UsbMidiPacket>& packets) {
  const int64_t frame = (t_ns / usb_frame_ns_ + 1) * usb_frame_ns_;
  for (UsbMidiPacket& p : packets) {
    fault_->device_sends(p, device_encoder_.running_status_used());
    host_reads(frame, p);
  }
}

void DeviceModel::host_reads(int64_t frame_ns, const UsbMidiPacket& packet) {
  std::vector<uint8_t> bytes;
  decode_packet(packet, bytes);
  host_read_.clear();
  for (uint8_t b : bytes) fault_->host_reads(b, host_read_);
  for (uint8_t b : host_read_) in_flight_.emplace_back(frame_ns, b);
}

bool DeviceModel::next_arrival(int64_t& t_ns) {
  while (in_flight_.empty() && receive_next_wire_byte()) {
  }
  if (in_flight_.empty()) return false;
  t_ns = in_flight_.front().first;
  return true;
}

void DeviceModel::deliver_until(int64_t t_ns, std::vector<Arrival>& out) {
  while (!on_wire_.empty() && on_wire_.front().first <= t_ns) receive_next_wire_byte();
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
