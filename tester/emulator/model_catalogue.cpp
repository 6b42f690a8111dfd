// The emulated interfaces: one catalogue row per model, with the hooks that make its fault. A new
// model is a row here (and a hook class if no existing one does what it does) plus its expectation
// in tests/runner/detection_matrix_test.cpp.
#include <type_traits>

#include "patterns/random.hpp"
#include "patterns/quantity.hpp"
#include "patterns/wire.hpp"
#include "tester/emulator/device_model.hpp"
#include "tester/emulator/fault.hpp"

namespace midiloop {
namespace {

// Ranges: what a real device could have, and no more, so that no spec can make the model divide by
// zero, overflow a counter or run for minutes.

// From a UART's single holding register to 64 KiB: more RAM than an interface's microcontroller
// gives a FIFO, and four times the suite's longest SysEx, so "never full" can be written.
const ModelParameter kFifo{"fifo", "bytes", 64, 1, 65536, &ModelSettings::fifo_bytes,
                           "device FIFO size in bytes; the device holds the host back when it is full"};
// A DIN wire runs at 1; other speeds make tests faster. 1000 (3.1 MB/s) is past what USB 2.0 full
// speed carries (about 1.2 MB/s of bulk data), so no interface is shut out. Faster, the suite's
// trains, sized by time, grow with it (10 s of CPU at 10000) until near 1e5 their lengths overflow
// the test header; below 0.01 (31 B/s) nothing is a MIDI wire, and at 1e-12 a run takes minutes.
const ModelParameter kSpeed{"speed", "times 3125 B/s", 1, kWireSpeed.min, kWireSpeed.max, &ModelSettings::speed,
                            "wire speed as a multiple of 3125 B/s"};

template <class Hooks>
std::unique_ptr<Fault> make([[maybe_unused]] const ModelSettings& settings, [[maybe_unused]] uint64_t run_seed) {
  if constexpr (std::is_constructible_v<Hooks, const ModelSettings&, uint64_t>) {
    return std::make_unique<Hooks>(settings, run_seed);
  } else if constexpr (std::is_constructible_v<Hooks, const ModelSettings&>) {
    return std::make_unique<Hooks>(settings);
  } else {
    return std::make_unique<Hooks>();
  }
}

class DropsWhenFull final : public Fault {
 public:
  bool drops_when_fifo_full() const override { return true; }
};

class StaleCinOnEverySecondSysexPacket final : public Fault {
 public:
  explicit StaleCinOnEverySecondSysexPacket(const ModelSettings& settings)
      : stale_cin_(static_cast<uint8_t>(settings.stale_cin)) {}
  void device_sends(UsbMidiPacket& packet, bool) override {
    if (packet.cin() == 0x04 && sysex_packets_++ % 2 == 1) {
      packet.header = static_cast<uint8_t>((packet.header & 0xF0) | stale_cin_);
    }
  }

 private:
  uint8_t stale_cin_;
  std::size_t sysex_packets_ = 0;
};

class IgnoresSingleByteEvents final : public Fault {
 public:
  bool takes_event(const UsbMidiPacket& event, std::size_t) override { return event.cin() != 0x0F; }
};

class FirstEventOfEachTransfer final : public Fault {
 public:
  explicit FirstEventOfEachTransfer(const ModelSettings& settings)
      : events_per_transfer_(settings.events_per_transfer) {}
  bool takes_event(const UsbMidiPacket&, std::size_t index) override { return index % events_per_transfer_ == 0; }

 private:
  uint64_t events_per_transfer_;
};

template <RealtimeInSysex what>
class RealtimeInsideSysex final : public Fault {
 public:
  RealtimeInSysex realtime_in_sysex() override { return what; }
};

class StaleBytesInTheEndPacket final : public Fault {
 public:
  void device_sends(UsbMidiPacket& packet, bool) override {
    if (packet.cin() == 0x04) {
      last_sysex_packet_ = packet;
    } else if ((packet.cin() == 0x05 || packet.cin() == 0x06) && (packet.midi[0] == 0xF7 || packet.midi[1] == 0xF7)) {
      // The end packet goes out as three bytes, unused slots still holding the previous packet's.
      for (std::size_t k = cin_length(packet.cin()); k < 3; ++k) packet.midi[k] = last_sysex_packet_.midi[k];
      packet.header = static_cast<uint8_t>((packet.header & 0xF0) | 0x07);
    }
  }

 private:
  UsbMidiPacket last_sysex_packet_;
};

class RunningStatusBecomesNoteOn final : public Fault {
 public:
  void device_sends(UsbMidiPacket& packet, bool running_status_used) override {
    if (packet.cin() >= 0x08 && packet.cin() <= 0x0E && running_status_used) {
      packet.header = static_cast<uint8_t>((packet.header & 0xF0) | 0x09);
      packet.midi[0] = static_cast<uint8_t>(0x90 | (packet.midi[0] & 0x0F));
    }
  }
};

class RepeatsBytesAtBufferBoundaries final : public Fault {
 public:
  explicit RepeatsBytesAtBufferBoundaries(const ModelSettings& settings) : buffer_bytes_(settings.host_buffer_bytes) {}
  void host_reads(uint8_t byte, std::vector<uint8_t>& read) override {
    if (byte == 0xF0) {
      in_sysex_ = true;
      sysex_bytes_ = 0;
    } else if (is_status(byte) && !is_realtime(byte)) {
      in_sysex_ = false;
    }
    if (in_sysex_) {
      // At each buffer boundary inside a SysEx the driver repeats the last two bytes it copied.
      if (sysex_bytes_ > 0 && sysex_bytes_ % buffer_bytes_ == 0) read.insert(read.end(), last_, last_ + 2);
      ++sysex_bytes_;
    }
    last_[0] = last_[1];
    last_[1] = byte;
    read.push_back(byte);
  }

 private:
  uint64_t buffer_bytes_;
  bool in_sysex_ = false;
  uint64_t sysex_bytes_ = 0;
  uint8_t last_[2] = {0, 0};
};

class KeepsTheFirstSysexBytes final : public Fault {
 public:
  explicit KeepsTheFirstSysexBytes(const ModelSettings& settings) : kept_(settings.sysex_bytes_kept) {}
  bool forwards_sysex_byte(std::size_t position) override { return position <= kept_; }

 private:
  uint64_t kept_;
};

class BitFlipsOnTheLine final : public Fault {
 public:
  BitFlipsOnTheLine(const ModelSettings& settings, uint64_t run_seed)
      : chance_(settings.bit_flip_chance), baud_(settings.baud), rng_(settings.seed > 0 ? settings.seed : run_seed) {}
  double baud() const override { return baud_; }
  bool din_receives(int64_t&, uint8_t& byte) override {
    const uint64_t r = splitmix64(rng_);
    const double u = static_cast<double>(r >> 11) / 9007199254740992.0;
    if (u < chance_) byte = static_cast<uint8_t>(byte ^ (1U << (r % 8)));
    return true;
  }

 private:
  double chance_;
  double baud_;
  uint64_t rng_;
};

class DeafWhileTheHostSends final : public Fault {
 public:
  explicit DeafWhileTheHostSends(const ModelSettings& settings) : rx_buffer_bytes_(settings.rx_buffer_bytes) {}
  void host_transfer(int64_t start_ns, int64_t end_ns) override { busy_.emplace_back(start_ns, end_ns); }
  bool din_receives(int64_t& t_ns, uint8_t&) override {
    while (busy_index_ < busy_.size() && busy_[busy_index_].second < t_ns) {
      ++busy_index_;
      kept_ = 0;
    }
    if (busy_index_ < busy_.size() && busy_[busy_index_].first <= t_ns) {
      // The host is still sending: keep what fits the receive buffer, hand it over afterwards.
      if (kept_++ >= rx_buffer_bytes_) return false;
      t_ns = busy_[busy_index_].second;
    }
    return true;
  }

 private:
  uint64_t rx_buffer_bytes_;
  std::vector<std::pair<int64_t, int64_t>> busy_;  // host transfers, [start, end]
  std::size_t busy_index_ = 0;
  uint64_t kept_ = 0;  // bytes kept during the current transfer
};

}  // namespace

const std::vector<ModelInfo>& emulator_models() {
  static const std::vector<ModelInfo> models = {
      {"good",
       "A class-compliant interface that holds the host back (USB NAK) while its FIFO is full, so nothing is "
       "lost: SysEx of any length arrives intact at the wire rate. The reference every other model breaks.",
       {kFifo, kSpeed},
       "",
       make<Fault>},
      {"cheap-fifo",
       "Accepts USB bursts into a small FIFO far faster than the DIN side drains it, and drops what overflows. "
       "TinyUSB #358 'large sysex transfers (16kb) drop almost half'; the Alesis cable that takes '128 bytes at a "
       "time' (krevis/MIDIApps#43).",
       // The buffers reported are 128 bytes (Alesis) and 256 ("typical", AN1x list). Under 3 bytes a
       // FIFO that drops cannot hold one SysEx packet, and no pacing helps: another fault than this.
       {{"fifo", "bytes", 128, 16, 65536, &ModelSettings::fifo_bytes,
         "device FIFO size in bytes; what does not fit is dropped"},
        kSpeed},
       "dropped",
       make<DropsWhenFull>,
       // The FIFO and the byte already shifting out on the UART.
       [](const ModelSettings& settings) { return settings.fifo_bytes + 1; }},
      {"ch345",
       "The CH345 chip (USB 1a86:752d, the typical unbranded cable): on SysEx input every second event packet "
       "carries a stale Code Index Number instead of 4, so a class-compliant host keeps only as many bytes as "
       "that CIN says (Linux commit a91e627e, ch345_broken_sysex_input).",
       // A CIN is 4 bits; a stale one is whatever an earlier packet left there.
       {kFifo, kSpeed,
        {"stale_cin", "Code Index Number", 15, 0, 15, &ModelSettings::stale_cin,
         "the stale CIN (15 = single byte, as in the kernel's example)"}},
       "dropped",
       make<StaleCinOnEverySecondSysexPacket>},
      {"cin-f-intolerant",
       "Does not understand single-byte CIN 0xF packets, which class-compliant hosts use for realtime bytes "
       "(Linux sends them at once, even inside a SysEx): those bytes vanish (SysEx Librarian rounds buffer "
       "sizes to multiples of 3 for such devices).",
       {kFifo, kSpeed},
       "lost realtime",
       make<IgnoresSingleByteEvents>},
      {"one-event-per-transfer",
       "Declares large USB packets but handles only the first 4-byte event of each transfer; Linux forces "
       "max_transfer=4 for the ESI M4U, CH345, Textech and Medeli DD305 because of it. Without that quirk the "
       "other events of a transfer are lost.",
       // 1 is a host with the quirk (nothing lost); 16 events fill a full-speed bulk packet of 64
       // bytes, 128 a high-speed one of 512.
       {kFifo, kSpeed,
        {"events", "events per USB transfer", 16, 1, 128, &ModelSettings::events_per_transfer,
         "events the host packs into one USB transfer"}},
       "dropped",
       make<FirstEventOfEachTransfer>},
      {"realtime-strip",
       "Removes realtime bytes (clock, active sensing) that arrive inside a SysEx instead of passing them on, "
       "though MIDI 1.0 allows them there.",
       {kFifo, kSpeed},
       "lost realtime",
       make<RealtimeInsideSysex<RealtimeInSysex::drop>>},
      {"realtime-terminates",
       "Treats a realtime byte inside a SysEx as the end of it: sends F7, passes the realtime byte, then drops "
       "the rest of the SysEx as data without a status.",
       {kFifo, kSpeed},
       "dropped",
       make<RealtimeInsideSysex<RealtimeInSysex::end_sysex>>},
      {"realtime-defer",
       "Holds realtime bytes that arrive inside a SysEx and sends them after its end. No device report is behind "
       "this one: it exaggerates what class-compliant USB-MIDI already does (a realtime byte overtakes up to 2 "
       "SysEx bytes still waiting for a packet, docs/background.md §2), so that the compliance check can tell moved "
       "clock from lost clock.",
       {kFifo, kSpeed},
       "moved realtime",
       make<RealtimeInsideSysex<RealtimeInSysex::hold>>},
      {"stale-bytes",
       "Sends the packet that ends a SysEx with 1 or 2 bytes as a 3-byte packet, the unused slots still "
       "holding bytes of the previous packet, which the host then reads as data (TinyUSB #511, "
       "USBMidiKliK #3).",
       {kFifo, kSpeed},
       "inserted",
       make<StaleBytesInTheEndPacket>},
      {"running-status-noteon",
       "Turns channel messages that use running status on the wire into note-ons ('strange note on messages "
       "are inserted'; M-Audio Uno running status arriving as status-less packets, Linux midi.c).",
       {kFifo, kSpeed},
       "corrupted",
       make<RunningStatusBecomesNoteOn>},
      {"driver-tear",
       "The host's class driver receives SysEx into fixed buffers; a SysEx crossing a buffer boundary gets "
       "extra bytes there (synth-diy 2015; MIDI-OX on XP losing data with buffers other than 240).",
       // The WinMM host model's buffer sizes (16 to 65536), with MIDI-OX's 240 and RtMidi's 1024 inside.
       {kFifo, kSpeed,
        {"buffer", "bytes", 1024, 16, 65536, &ModelSettings::host_buffer_bytes, "host receive buffer size in bytes"}},
       "inserted",
       make<RepeatsBytesAtBufferBoundaries>},
      {"truncate",
       "Forwards only the first n bytes of each SysEx and drops the rest, end byte included (an eBay cable "
       "ignoring every byte after the third, eevblog; a cable stopping at 399 of 3080 bytes, "
       "practicalusage.com).",
       // From the F0 alone to 64 KiB, past the suite's longest SysEx, where nothing is cut.
       {kFifo, kSpeed,
        {"n", "bytes", 399, 1, 65536, &ModelSettings::sysex_bytes_kept,
         "bytes of each SysEx that get through, F0 included"}},
       "truncated",
       make<KeepsTheFirstSysexBytes>,
       // A burst is cut where a FIFO would have overflowed: from outside, the same.
       [](const ModelSettings& settings) { return settings.sysex_bytes_kept; }},
      {"line-noise",
       "Bit errors on the DIN line (a long or damaged cable, a marginal opto-coupler, a UART off by more than "
       "the spec's 1 % baud): each byte has a chance of one flipped bit.",
       // rate is a probability. A receiver sampling mid-bit frames bytes only while both ends' baud
       // rates differ by less than about 5 %; beyond that it frames garbage, which this model does not
       // make. seed: the whole numbers a spec's number (a double) holds exactly.
       {kFifo, kSpeed,
        {"rate", "chance per byte", 0.001, 0, 1, &ModelSettings::bit_flip_chance, "chance per byte of a flipped bit"},
        {"baud", "times 31250 baud", 1, 0.95, 1.05, &ModelSettings::baud,
         "the line's baud rate relative to 31250 (MIDI allows 0.99-1.01)"},
        {"seed", "", 0, 0, 9007199254740992.0, &ModelSettings::seed, "random seed; 0 takes the run's --seed"}},
       "corrupted",
       make<BitFlipsOnTheLine>},
      {"half-duplex",
       "Cannot send to the host while the host is sending to it: what arrives on DIN IN during a USB OUT "
       "transfer goes into a tiny receive buffer, and the rest is lost. Works for short messages, fails for "
       "long ones at full speed.",
       // From no buffer at all to 64 KiB, as the FIFO.
       {kFifo, kSpeed,
        {"rx", "bytes", 16, 0, 65536, &ModelSettings::rx_buffer_bytes,
         "receive buffer in bytes while the host is sending"}},
       "dropped",
       make<DeafWhileTheHostSends>},
  };
  return models;
}

}  // namespace midiloop
