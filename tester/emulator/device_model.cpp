#include "tester/emulator/device_model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "patterns/random.hpp"
#include "patterns/wire.hpp"
#include "tester/emulator/spec_text.hpp"

namespace midiloop {
namespace {

const ModelParameter kFifo{"fifo", 64, "device FIFO size in bytes; the device holds the host back when it is full"};
const ModelParameter kSpeed{"speed", 1, "wire speed as a multiple of 3125 B/s"};


}  // namespace

const std::vector<ModelInfo>& emulator_models() {
  static const std::vector<ModelInfo> models = {
      {"good",
       "A class-compliant interface that holds the host back (USB NAK) while its FIFO is full, so nothing is "
       "lost: SysEx of any length arrives intact at the wire rate. The reference every other model breaks.",
       {kFifo, kSpeed},
       ""},
      {"cheap-fifo",
       "Accepts USB bursts into a small FIFO far faster than the DIN side drains it, and drops what overflows. "
       "TinyUSB #358 'large sysex transfers (16kb) drop almost half'; the Alesis cable that takes '128 bytes at a "
       "time' (krevis/MIDIApps#43).",
       {{"fifo", 128, "device FIFO size in bytes; what does not fit is dropped"}, kSpeed},
       "dropped"},
      {"ch345",
       "The CH345 chip (USB 1a86:752d, the typical unbranded cable): on SysEx input every second event packet "
       "carries a stale Code Index Number instead of 4, so a class-compliant host keeps only as many bytes as "
       "that CIN says (Linux commit a91e627e, ch345_broken_sysex_input).",
       {kFifo, kSpeed, {"stale_cin", 15, "the stale CIN (15 = single byte, as in the kernel's example)"}},
       "dropped"},
      {"cin-f-intolerant",
       "Does not understand single-byte CIN 0xF packets, which class-compliant hosts use for realtime bytes "
       "(Linux sends them at once, even inside a SysEx): those bytes vanish (SysEx Librarian rounds buffer "
       "sizes to multiples of 3 for such devices).",
       {kFifo, kSpeed},
       "lost realtime"},
      {"one-event-per-transfer",
       "Declares large USB packets but handles only the first 4-byte event of each transfer; Linux forces "
       "max_transfer=4 for the ESI M4U, CH345, Textech and Medeli DD305 because of it. Without that quirk the "
       "other events of a transfer are lost.",
       {kFifo, kSpeed, {"events", 16, "events the host packs into one USB transfer"}},
       "dropped"},
      {"realtime-strip",
       "Removes realtime bytes (clock, active sensing) that arrive inside a SysEx instead of passing them on, "
       "though MIDI 1.0 allows them there.",
       {kFifo, kSpeed},
       "lost realtime"},
      {"realtime-terminates",
       "Treats a realtime byte inside a SysEx as the end of it: sends F7, passes the realtime byte, then drops "
       "the rest of the SysEx as data without a status.",
       {kFifo, kSpeed},
       "dropped"},
      {"realtime-defer",
       "Holds realtime bytes that arrive inside a SysEx and sends them after its end. No device report is behind "
       "this one: it exaggerates what class-compliant USB-MIDI already does (a realtime byte overtakes up to 2 "
       "SysEx bytes still waiting for a packet, FACTS.md section 2), so that the compliance check can tell moved "
       "clock from lost clock.",
       {kFifo, kSpeed},
       "moved realtime"},
      {"stale-bytes",
       "Sends the packet that ends a SysEx with 1 or 2 bytes as a 3-byte packet, the unused slots still "
       "holding bytes of the previous packet, which the host then reads as data (TinyUSB #511, "
       "USBMidiKliK #3).",
       {kFifo, kSpeed},
       "inserted"},
      {"running-status-noteon",
       "Turns channel messages that use running status on the wire into note-ons ('strange note on messages "
       "are inserted'; M-Audio Uno running status arriving as status-less packets, Linux midi.c).",
       {kFifo, kSpeed},
       "corrupted"},
      {"driver-tear",
       "The host's class driver receives SysEx into fixed buffers; a SysEx crossing a buffer boundary gets "
       "extra bytes there (synth-diy 2015; MIDI-OX on XP losing data with buffers other than 240).",
       {kFifo, kSpeed, {"buffer", 1024, "host receive buffer size in bytes"}},
       "inserted"},
      {"truncate",
       "Forwards only the first n bytes of each SysEx and drops the rest, end byte included (an eBay cable "
       "ignoring every byte after the third, eevblog; a cable stopping at 399 of 3080 bytes, "
       "practicalusage.com).",
       {kFifo, kSpeed, {"n", 399, "bytes of each SysEx that get through, F0 included"}},
       "truncated"},
      {"line-noise",
       "Bit errors on the DIN line (a long or damaged cable, a marginal opto-coupler, a UART off by more than "
       "the spec's 1 % baud): each byte has a chance of one flipped bit.",
       {kFifo, kSpeed, {"rate", 0.001, "chance per byte of a flipped bit"},
        {"baud", 1, "the line's baud rate relative to 31250 (MIDI allows 0.99-1.01)"},
        {"seed", 0, "random seed; 0 takes the run's --seed"}},
       "corrupted"},
      {"half-duplex",
       "Cannot send to the host while the host is sending to it: what arrives on DIN IN during a USB OUT "
       "transfer goes into a tiny receive buffer, and the rest is lost. Works for short messages, fails for "
       "long ones at full speed.",
       {kFifo, kSpeed, {"rx", 16, "receive buffer in bytes while the host is sending"}},
       "dropped"},
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
  const SplitSpec split = split_spec(spec);
  const std::string& name = split.name;
  const auto& models = emulator_models();
  auto it = std::find_if(models.begin(), models.end(), [&](const ModelInfo& m) { return m.name == name; });
  if (it == models.end()) {
    std::string names;
    for (const auto& m : models) names += (names.empty() ? "" : ", ") + m.name;
    throw std::invalid_argument("unknown emulated model '" + name + "'; models: " + names);
  }
  ModelConfig config{name, {}};
  for (const auto& p : it->parameters) config.params[p.name] = p.default_value;
  for (const SpecItem& item : split.items) {
    const std::string& key = item.key;
    if (!item.has_value || !config.params.count(key)) {
      std::string keys;
      for (const auto& p : it->parameters) keys += (keys.empty() ? "" : ", ") + p.name;
      throw std::invalid_argument("model '" + name + "' has no parameter '" + key + "'; parameters: " + keys +
                                  " (write them as " + name + ":key=value)");
    }
    const std::string& text = item.value;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    const bool may_be_zero = key == "seed" || key == "rate";
    if (text.empty() || *end != '\0' || !std::isfinite(value) || value < 0 || (value == 0 && !may_be_zero)) {
      throw std::invalid_argument("parameter '" + key + "' of model '" + name + "' must be a positive number, not '" +
                                  text + "'");
    }
    config.params[key] = value;
  }
  return config;
}

DeviceModel::DeviceModel(const ModelConfig& config, uint64_t seed) : config_(config) {
  static const std::map<std::string, Fault> kFaults = {
      {"good", Fault::none},
      {"cheap-fifo", Fault::cheap_fifo},
      {"ch345", Fault::ch345},
      {"cin-f-intolerant", Fault::cin_f_intolerant},
      {"one-event-per-transfer", Fault::one_event_per_transfer},
      {"realtime-strip", Fault::realtime_strip},
      {"realtime-terminates", Fault::realtime_terminates},
      {"realtime-defer", Fault::realtime_defer},
      {"stale-bytes", Fault::stale_bytes},
      {"running-status-noteon", Fault::running_status_noteon},
      {"driver-tear", Fault::driver_tear},
      {"truncate", Fault::truncate},
      {"line-noise", Fault::line_noise},
      {"half-duplex", Fault::half_duplex},
  };
  fault_ = kFaults.at(config.name);
  fifo_capacity_ = static_cast<std::size_t>(std::max(1.0, config.param("fifo")));
  const double baud = config.params.count("baud") ? config.param("baud") : 1.0;
  byte_ns_ = wire_ns(1, config.param("speed") * baud);
  const double spec_seed = config.params.count("seed") ? config.param("seed") : 0.0;
  rng_ = spec_seed > 0 ? static_cast<uint64_t>(spec_seed) : seed;
}

int64_t DeviceModel::host_send(int64_t t_ns, std::span<const uint8_t> bytes, uint64_t& dropped) {
  const int64_t start = t_ns;
  std::vector<UsbMidiPacket> packets;
  for (uint8_t b : bytes) host_encoder_.feed(b, packets);
  const std::size_t per_transfer = fault_ == Fault::one_event_per_transfer
                                       ? static_cast<std::size_t>(std::max(1.0, config_.param("events")))
                                       : SIZE_MAX;
  std::vector<uint8_t> carried;
  for (std::size_t k = 0; k < packets.size(); ++k) {
    const UsbMidiPacket& p = packets[k];
    const std::size_t n = cin_length(p.cin());
    if ((fault_ == Fault::cin_f_intolerant && p.cin() == 0x0F) ||
        (fault_ == Fault::one_event_per_transfer && k % per_transfer != 0)) {
      dropped += n;
      continue;
    }
    carried.clear();
    decode_packet(p, carried);
    for (uint8_t b : carried) device_takes(t_ns, b, dropped);
  }
  busy_.emplace_back(start, t_ns);
  return t_ns;
}

void DeviceModel::device_takes(int64_t& t_ns, uint8_t byte, uint64_t& dropped) {
  if (is_realtime(byte)) {
    if (out_sysex_ && fault_ == Fault::realtime_strip) {
      ++dropped;
      return;
    }
    if (out_sysex_ && fault_ == Fault::realtime_defer) {
      deferred_.push_back(byte);
      return;
    }
    if (out_sysex_ && fault_ == Fault::realtime_terminates) {
      fifo_push(t_ns, 0xF7, dropped);
      out_sysex_ = false;
      out_discarding_ = true;
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
  if (out_sysex_ && fault_ == Fault::truncate &&
      ++out_sysex_bytes_ > static_cast<std::size_t>(config_.param("n"))) {
    out_sysex_ = false;
    out_discarding_ = true;
    ++dropped;
    return;
  }
  fifo_push(t_ns, byte, dropped);
  if (!out_sysex_ && !deferred_.empty()) {
    for (uint8_t held : deferred_) fifo_push(t_ns, held, dropped);
    deferred_.clear();
  }
}

void DeviceModel::fifo_push(int64_t& t_ns, uint8_t byte, uint64_t& dropped) {
  while (!waiting_.empty() && waiting_.front() <= t_ns) waiting_.pop_front();
  if (waiting_.size() >= fifo_capacity_) {
    if (fault_ == Fault::cheap_fifo) {
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
  if (fault_ == Fault::line_noise) {
    const uint64_t r = splitmix64(rng_);
    const double u = static_cast<double>(r >> 11) / 9007199254740992.0;
    if (u < config_.param("rate")) byte = static_cast<uint8_t>(byte ^ (1U << (r % 8)));
  }
  if (fault_ == Fault::half_duplex) {
    while (busy_index_ < busy_.size() && busy_[busy_index_].second < t) {
      ++busy_index_;
      busy_kept_ = 0;
    }
    if (busy_index_ < busy_.size() && busy_[busy_index_].first <= t) {
      // The host is still sending: keep what fits the receive buffer, hand it over afterwards.
      if (busy_kept_++ >= static_cast<std::size_t>(config_.param("rx"))) return true;
      t = busy_[busy_index_].second;
    }
  }
  std::vector<UsbMidiPacket> packets;
  device_encoder_.feed(byte, packets);
  device_sends(t, packets);
  return true;
}

void DeviceModel::device_sends(int64_t t_ns, std::vector<UsbMidiPacket>& packets) {
  const int64_t frame = (t_ns / usb_frame_ns_ + 1) * usb_frame_ns_;
  for (UsbMidiPacket& p : packets) {
    if (p.cin() == 0x04) {
      if (fault_ == Fault::ch345 && sysex_packets_++ % 2 == 1) {
        p.header = static_cast<uint8_t>((p.header & 0xF0) | (static_cast<int>(config_.param("stale_cin")) & 0x0F));
      }
      last_sysex_packet_ = p;
    } else if ((p.cin() == 0x05 || p.cin() == 0x06) && fault_ == Fault::stale_bytes &&
               (p.midi[0] == 0xF7 || p.midi[1] == 0xF7)) {
      // The end packet goes out as three bytes, unused slots still holding the previous packet's.
      const std::size_t used = cin_length(p.cin());
      for (std::size_t k = used; k < 3; ++k) p.midi[k] = last_sysex_packet_.midi[k];
      p.header = static_cast<uint8_t>((p.header & 0xF0) | 0x07);
    } else if (p.cin() >= 0x08 && p.cin() <= 0x0E && fault_ == Fault::running_status_noteon &&
               device_encoder_.running_status_used()) {
      p.header = static_cast<uint8_t>((p.header & 0xF0) | 0x09);
      p.midi[0] = static_cast<uint8_t>(0x90 | (p.midi[0] & 0x0F));
    }
    host_reads(frame, p);
  }
}

void DeviceModel::host_reads(int64_t frame_ns, const UsbMidiPacket& packet) {
  std::vector<uint8_t> bytes;
  decode_packet(packet, bytes);
  for (uint8_t b : bytes) {
    if (b == 0xF0) {
      host_sysex_ = true;
      host_sysex_bytes_ = 0;
    } else if (is_status(b) && !is_realtime(b)) {
      host_sysex_ = false;
    }
    if (host_sysex_ && fault_ == Fault::driver_tear) {
      // At each buffer boundary inside a SysEx the driver repeats the last two bytes it copied.
      const auto buffer = static_cast<std::size_t>(config_.param("buffer"));
      if (host_sysex_bytes_ > 0 && host_sysex_bytes_ % buffer == 0) {
        in_flight_.emplace_back(frame_ns, host_last_[0]);
        in_flight_.emplace_back(frame_ns, host_last_[1]);
      }
      ++host_sysex_bytes_;
    }
    host_last_[0] = host_last_[1];
    host_last_[1] = b;
    in_flight_.emplace_back(frame_ns, b);
  }
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
