#include "tester/links/emulated/host_model.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <sstream>
#include <stdexcept>

#include "patterns/quantity.hpp"
#include "patterns/wire.hpp"
#include "tester/emulator/spec_text.hpp"

namespace midiloop {
namespace {

constexpr uint8_t kF0 = 0xF0;
constexpr uint8_t kF7 = 0xF7;
constexpr int64_t kSecondNs = 1'000'000'000;
constexpr int64_t kMsNs = 1'000'000;
constexpr int64_t kUsNs = 1'000;

// jack2's MIDI port buffer (common/JackMidiPort.cpp), the same at every period; measured with
// jack_midi_max_event_size on 'jackd --no-realtime -d dummy' at -p 64, 256 and 1024: 32720 bytes
// free in an empty buffer, 2727 events of 3 bytes, 292 of 100 bytes.
constexpr int64_t kJackPortBufferBytes = 32768;
constexpr int64_t kJackPortHeaderBytes = 36;
constexpr int64_t kJackEventBytes = 12;  // per event; data of up to 4 bytes is kept inside it
constexpr int64_t kJackInlineBytes = 4;
constexpr std::size_t kJackLinkRingBytes = (1 << 16) - 1;  // tester/links/jack/jack_link.cpp's send ring, usable
constexpr std::size_t kJackLinkHeaderBytes = 16;           // its SendHeader
constexpr double kJackLinkMaxBytesPerSecond = 48'000;       // JackLinkOptions::max_bytes_per_second
constexpr std::size_t kRtMidiJackRingBytes = 16384 - 1;    // RtMidi JACK_RINGBUFFER_SIZE, usable
constexpr std::size_t kRtMidiJackHeaderBytes = sizeof(int);
constexpr std::size_t kAlsaInputEventBytes = 256;  // MAX_MIDI_EVENT_BUF of the kernel's snd-seq-midi
constexpr std::size_t kAlsaLibFirstBuffer = 32;    // RtMidi's first output encoder buffer
// WinMM applications on Windows MIDI Services fail a SysEx send of 2049 bytes or more (microsoft/MIDI#605).
constexpr std::size_t kWinMmLongestSend = 2048;

int64_t floor_to(int64_t t, int64_t step) { return t >= 0 ? t / step * step : -((-t + step - 1) / step) * step; }

// Data bytes after a status byte; -1 for those that start no message (F4, F5, F7) and SysEx.
int data_length(uint8_t status) {
  if (status < 0xF0) return (status & 0xE0) == 0xC0 ? 1 : 2;
  switch (status) {
    case 0xF1: case 0xF3: return 1;
    case 0xF2: return 2;
    case 0xF6: return 0;
    default: return -1;
  }
}

// The MIDI byte stream -> sequencer event coder of ALSA (the kernel's sound/core/seq/seq_midi_event.c
// and alsa-lib's seq_midi_event.c follow the same rules): realtime bytes are events at once, a
// SysEx is cut into events of `bufsize` bytes and ends at F7, a status byte drops a SysEx being
// collected, running status is understood, stray data bytes and a lone F7 make no event.
class SeqEncoder {
 public:
  explicit SeqEncoder(std::size_t bufsize) : bufsize_(bufsize) {}
  // Feeds one byte; returns true with the event's bytes (as RtMidi decodes them) in `event` when
  // an event is complete, `sysex` saying whether it is a SysEx event. Adds to `lost` the bytes this
  // one made vanish: itself when it starts or continues nothing, and a command cut short by it.
  bool feed(uint8_t c, std::vector<uint8_t>& event, bool& sysex, uint64_t& lost) {
    sysex = false;
    if (c >= 0xF8) {
      if (c == 0xF9 || c == 0xFD) {  // undefined: no event
        ++lost;
        return false;
      }
      event.assign(1, c);
      return true;
    }
    if (is_status(c) && (c != kF7 || !in_sysex_)) {
      // A new command: whatever was being collected is dropped.
      lost += collecting();
      buf_.assign(1, c);
      in_sysex_ = c == kF0;
      status_ = c;
      need_ = in_sysex_ ? 1 : data_length(c);
      if (!in_sysex_ && need_ < 0) {  // F4, F5, a lone F7: no event
        ++lost;
        buf_.clear();
        status_ = 0;
        return false;
      }
    } else if (in_sysex_) {
      buf_.push_back(c);
    } else if (need_ > 0) {
      buf_.push_back(c);
      --need_;
    } else {
      // Running status: only after a channel message; system common and SysEx end it.
      if (status_ == 0 || status_ >= 0xF0) {
        ++lost;
        return false;
      }
      buf_.assign({status_, c});
      need_ = data_length(status_) - 1;
    }
    if (in_sysex_) {
      if (c == kF7 || buf_.size() >= bufsize_) {
        event = buf_;
        sysex = true;
        buf_.clear();
        if (c == kF7) reset();
        return true;
      }
      return false;
    }
    if (need_ != 0) return false;
    event = buf_;
    buf_.clear();
    need_ = -1;
    if (status_ >= 0xF0) status_ = 0;
    return true;
  }
  // Bytes collected that are not an event yet.
  std::size_t collecting() const { return buf_.size(); }
  // alsa-lib's snd_midi_event_resize_buffer: a new size, and whatever was collected is dropped.
  void resize(std::size_t bufsize) {
    bufsize_ = bufsize;
    reset();
  }
  std::size_t bufsize() const { return bufsize_; }

 private:
  void reset() {
    buf_.clear();
    in_sysex_ = false;
    status_ = 0;
    need_ = -1;
  }
  std::size_t bufsize_;
  std::vector<uint8_t> buf_;
  bool in_sysex_ = false;
  uint8_t status_ = 0;
  int need_ = -1;
};

const std::vector<HostModelInfo>& catalogue() {
  static const std::vector<HostModelInfo> hosts = {
      {"jack",
       "A JACK server as midiloop's own JACK link meets it, the interface being another client of the graph: "
       "each send is placed at the frame its time asks for (rounded up to a frame), or at frame 0 of the next "
       "cycle when it is already late; a cycle's MIDI port buffer holds 32768 bytes (jack2: 36 bytes of "
       "header, 12 per event, the data of events over 4 bytes; measured with jack_midi_max_event_size), and "
       "a send that does not fit waits for the next cycle (deferred, never lost); the interface's bytes are "
       "read back one period after they were written, since a loop through JACK clients is a cycle in the "
       "graph, each stamped with its own frame.",
       {{"period", 256, 16, 8192, "frames per JACK cycle (jackd -p)"},
        {"rate", 48000, 8000, 192000, "sample rate in Hz (jackd -r)"}}},
      {"jack-rtmidi",
       "RtMidi 5.0's JACK backend (RtMidi.cpp of Debian's librtmidi-dev 5.0.0): a send goes into a "
       "16384-byte ring, and a larger one is dropped without an error; every queued send is written at frame "
       "0 of the next cycle, and one that does not fit the port buffer is dropped too (both counted as the "
       "host's losses); input joins JACK events until one ends with F7, so a SysEx reaches midiloop only "
       "whole, and the bytes of one whose F7 was lost are put in front of the next message; every message of "
       "a cycle gets the cycle's start as its time (jack_get_time() in the process callback): one period of "
       "resolution, and no known host delay. Input and output are separate JACK clients, so the graph has no "
       "cycle and adds no period.",
       {{"period", 256, 16, 8192, "frames per JACK cycle (jackd -p)"},
        {"rate", 48000, 8000, 192000, "sample rate in Hz (jackd -r)"}}},
      {"winmm",
       "Windows' WinMM through RtMidi: input SysEx comes in pieces of one buffer (RtMidi queues 'buffers' "
       "buffers of 'size' bytes, setBufferSize), each handed over when full, at F7, or when another status "
       "byte ends the SysEx, stamped in whole milliseconds at the byte that completed it (as Wine's "
       "winealsa does); channel, system common and realtime messages come on their own as short messages, "
       "so a realtime byte inside a SysEx arrives before the piece that holds it. Output, as RtMidi's master "
       "branch routes sends (by length; RtMidi 5.0 and 6.0 route by a leading F0, and midiloop's RtMidi link "
       "then sends each SysEx whole): a SysEx fragment of 3 bytes or fewer goes through midiOutShortMsg and "
       "is never sent (thestk/rtmidi#373); a send of more than 2048 bytes fails, as for WinMM applications "
       "on Windows MIDI Services (microsoft/MIDI#605), both counted as the host's loss; any other send "
       "returns once the driver gives its buffer back, polled every millisecond. The link keeps every send "
       "within that: no piece of a SysEx under 4 bytes, nothing over 2048.",
       {{"buffers", 4, 1, 64, "input buffers RtMidi keeps queued (re-queued at once: never short here)"},
        {"size", 1024, 16, 65536, "bytes per input buffer"}}},
      {"alsa",
       "The ALSA sequencer through RtMidi 5.0. Input: the kernel's snd-seq-midi makes events of at most 256 "
       "bytes of the interface's byte stream (MAX_MIDI_EVENT_BUF), sends a realtime byte as an event of its "
       "own at once (ahead of SysEx bytes still being collected), and drops a part of a SysEx collected when "
       "another status byte comes; RtMidi joins SysEx events until F7; times in microseconds. Output: "
       "alsa-lib's encoder holds SysEx bytes until F7 or until its buffer (the largest send so far, at least "
       "32 bytes) is full, and drops what it holds when that buffer grows; a lone F7 makes no event; the "
       "kernel writes each event into the interface's rawmidi buffer and drops one that does not fit "
       "('seq_midi: MIDI output buffer overrun'). Losses are counted as the host's.",
       {{"out_buffer", 4096, 256, 1048576, "rawmidi output buffer in bytes (snd_seq_midi output_buffer_size)"}}},
  };
  return hosts;
}

}  // namespace

const std::vector<HostModelInfo>& host_models() { return catalogue(); }

std::string HostSpec::spec() const {
  std::ostringstream out;
  out << name;
  char sep = ':';
  for (const auto& [key, value] : params) {
    out << sep << key << '=' << static_cast<long long>(value);  // whole numbers, checked by the parser
    sep = ',';
  }
  return out.str();
}

HostSpec parse_host_spec(std::string_view spec) {
  const SplitSpec split = split_spec(spec);
  const std::string& name = split.name;
  const auto& hosts = host_models();
  const auto it = std::find_if(hosts.begin(), hosts.end(), [&](const HostModelInfo& h) { return h.name == name; });
  if (it == hosts.end()) {
    std::string names;
    for (const auto& h : hosts) names += (names.empty() ? "" : ", ") + h.name;
    throw std::invalid_argument("unknown host model '" + name + "'; host models: " + names);
  }
  HostSpec host{name, {}};
  for (const auto& p : it->parameters) host.params[p.name] = p.default_value;
  if (!split.has_colon) return host;
  auto keys = [&] {
    std::string text;
    for (const auto& p : it->parameters) text += (text.empty() ? "" : ", ") + p.name;
    return text.empty() ? std::string("none") : text;
  };
  if (split.items.empty()) {
    throw std::invalid_argument("host model '" + name + "': nothing after ':'; parameters: " + keys());
  }
  for (const SpecItem& item : split.items) {
    const std::string& key = item.key;
    const auto param = std::find_if(it->parameters.begin(), it->parameters.end(),
                                    [&](const HostParameter& p) { return p.name == key; });
    if (!item.has_value || param == it->parameters.end()) {
      throw std::invalid_argument("host model '" + name + "' has no parameter '" + key + "'; parameters: " + keys() +
                                  " (write them as " + name + ":key=value)");
    }
    const std::string& text = item.value;
    const std::optional<double> number = read_number(text);
    const std::string range =
        std::to_string(static_cast<long long>(param->min)) + " to " + std::to_string(static_cast<long long>(param->max));
    if (!number || *number != std::floor(*number)) {
      throw std::invalid_argument("parameter '" + key + "' of host model '" + name + "' must be a whole number from " +
                                  range + ", not '" + text + "'");
    }
    const double value = *number;
    if (value < param->min || value > param->max) {
      throw std::invalid_argument("parameter '" + key + "' of host model '" + name + "' is " + text +
                                  "; it must be from " + range + " (" + param->meaning + ")");
    }
    host.params[key] = value;
  }
  return host;
}

// What every host model shares: the device on the virtual clock, the driver queue in front of it,
// the times sends left, and arrivals waiting until the engine may see them.
class HostModelLink::Host {
 public:
  Host(const ModelConfig& model, const HostSpec& host, VirtualClock& clock, uint64_t seed)
      : model_(model), host_(host), clock_(clock), device_(model, seed) {}
  virtual ~Host() = default;

  virtual int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) = 0;
  virtual int64_t lead_ns() const { return 0; }
  virtual void start_schedule() {}
  virtual LinkInfo info() const {
    LinkInfo info;
    info.kind = "emulated";
    info.api = "virtual";
    info.out = "emulated:" + model_.name + " out";
    info.in = "emulated:" + model_.name + " in";
    info.model = model_.spec();
    info.host_model = host_.spec();
    info.timestamps = TimestampSource::host_timestamp;
    return info;
  }

  void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) {
    if (!left_.empty() && left_.back().reported_ns > clock_.now_ns()) {
      clock_.advance_to(std::min(deadline_ns, left_.back().reported_ns));
    }
    while (!left_.empty() && left_.front().reported_ns <= clock_.now_ns()) {
      out.push_back(left_.front().left_ns);
      left_.pop_front();
    }
  }

  bool receive(std::vector<Arrival>& out, int64_t deadline_ns) {
    feed_device_until(horizon(clock_.now_ns()));
    if (take_visible(out)) return true;
    while (true) {
      if (!ready_.empty()) {
        if (ready_.front().visible_ns > deadline_ns) break;
        clock_.advance_to(ready_.front().visible_ns);
        feed_device_until(horizon(clock_.now_ns()));
        take_visible(out);
        return true;
      }
      int64_t next = 0;
      if (!device_.next_arrival(next) || visible_at(next) > deadline_ns) break;
      feed_device_until(next);
    }
    clock_.advance_to(deadline_ns);
    return false;
  }

  HostCounters counters() const { return counters_; }

 protected:
  // When the engine can see what the device delivered at `device_ns`; never earlier than the host
  // could know it.
  virtual int64_t visible_at(int64_t device_ns) const { return device_ns; }
  // The latest device delivery the engine can see at `now_ns`.
  virtual int64_t horizon(int64_t now_ns) const { return now_ns; }
  // The host's input handling of one USB frame's bytes, delivered at a.t_ns.
  virtual void from_device(const Arrival& a) = 0;

  // The host driver queues what the device holds back (USB NAK): bytes reach the device in order,
  // each send no earlier than the previous one was taken. Returns when the device took the last.
  int64_t to_device(int64_t t_ns, std::span<const uint8_t> bytes) {
    uint64_t dropped = 0;  // the device's own losses are found by the analysis, not counted here
    device_free_ns_ = device_.host_send(std::max(t_ns, device_free_ns_), bytes, dropped);
    return device_free_ns_;
  }
  void left(int64_t reported_ns, int64_t left_ns) { left_.push_back({reported_ns, left_ns}); }
  void arrive(int64_t visible_ns, int64_t stamp_ns, std::vector<uint8_t> bytes) {
    if (!bytes.empty()) ready_.push_back({visible_ns, Arrival{stamp_ns, std::move(bytes)}});
  }

  ModelConfig model_;
  HostSpec host_;
  VirtualClock& clock_;
  HostCounters counters_;

 private:
  void feed_device_until(int64_t t_ns) {
    scratch_.clear();
    device_.deliver_until(t_ns, scratch_);
    for (const Arrival& a : scratch_) from_device(a);
  }
  bool take_visible(std::vector<Arrival>& out) {
    bool any = false;
    while (!ready_.empty() && ready_.front().visible_ns <= clock_.now_ns()) {
      out.push_back(std::move(ready_.front().arrival));
      ready_.pop_front();
      any = true;
    }
    return any;
  }

  struct Left {
    int64_t reported_ns;  // when the link learns it
    int64_t left_ns;
  };
  struct Ready {
    int64_t visible_ns;
    Arrival arrival;
  };
  DeviceModel device_;
  int64_t device_free_ns_ = 0;
  std::deque<Left> left_;
  std::deque<Ready> ready_;
  std::vector<Arrival> scratch_;
};

namespace {

// JACK's frames and cycles on the engine's clock, from frame 0 at time 0.
class JackTime {
 public:
  JackTime(int64_t period, int64_t rate) : period_(period), rate_(rate) {}
  int64_t period() const { return period_; }
  int64_t rate() const { return rate_; }
  int64_t frame_ns(int64_t frame) const { return frame / rate_ * kSecondNs + frame % rate_ * kSecondNs / rate_; }
  // The first frame at or after `t_ns`.
  int64_t frame_at_or_after(int64_t t_ns) const {
    if (t_ns <= 0) return 0;
    int64_t f = t_ns / kSecondNs * rate_ + (t_ns % kSecondNs * rate_ + kSecondNs - 1) / kSecondNs;
    while (f > 0 && frame_ns(f - 1) >= t_ns) --f;
    while (frame_ns(f) < t_ns) ++f;
    return f;
  }
  // The cycle whose frames include `t_ns` (the last cycle started at or before it).
  int64_t cycle_of(int64_t t_ns) const {
    if (t_ns <= 0) return 0;
    int64_t c = (t_ns / kSecondNs * rate_ + t_ns % kSecondNs * rate_ / kSecondNs) / period_;
    while (c > 0 && cycle_start(c) > t_ns) --c;
    while (cycle_start(c + 1) <= t_ns) ++c;
    return c;
  }
  int64_t cycle_start(int64_t cycle) const { return frame_ns(cycle * period_); }
  // The frame JACK clients give a time: rounded up to a frame, but within the cycle the time falls
  // in (jack::Cycle::frame_of, clamped to the cycle's last frame as the link and the live emulator do).
  int64_t frame_in_cycle(int64_t t_ns) const {
    const int64_t cycle = cycle_of(t_ns);
    return std::min(frame_at_or_after(t_ns), (cycle + 1) * period_ - 1);
  }
  int64_t period_ns() const { return static_cast<int64_t>(static_cast<double>(period_) * 1e9 / static_cast<double>(rate_) + 0.5); }
  int64_t frame_step_ns() const { return static_cast<int64_t>(1e9 / static_cast<double>(rate_) + 0.5); }

 private:
  int64_t period_, rate_;
};

// One cycle's MIDI port buffer (jack2 JackMidiBuffer::MaxEventSize).
class JackPortBuffer {
 public:
  // Whether an event of `bytes` fits the buffer of `cycle`; if so, it is reserved.
  bool reserve(int64_t cycle, std::size_t bytes) {
    if (cycle != cycle_) {
      cycle_ = cycle;
      events_ = 0;
      data_ = 0;
    }
    if (static_cast<int64_t>(bytes) > max_event(events_, data_)) return false;
    ++events_;
    if (static_cast<int64_t>(bytes) > kJackInlineBytes) data_ += static_cast<int64_t>(bytes);
    return true;
  }
  static int64_t max_event(int64_t events, int64_t data) {
    const int64_t left = kJackPortBufferBytes - (kJackPortHeaderBytes + kJackEventBytes * (events + 1) + data);
    if (left < 0) return 0;
    return left <= kJackInlineBytes ? kJackInlineBytes : left;
  }

 private:
  int64_t cycle_ = -1, events_ = 0, data_ = 0;
};

// A ring of queued sends, each freed when the process callback of its cycle takes it.
class SendRing {
 public:
  explicit SendRing(std::size_t capacity) : capacity_(capacity) {}
  // Waits (on the virtual clock) until `bytes` fit.
  void make_room(VirtualClock& clock, std::size_t bytes) {
    free_until(clock.now_ns());
    while (used_ + bytes > capacity_ && !queued_.empty()) {
      clock.advance_to(queued_.front().first);
      free_until(clock.now_ns());
    }
  }
  void push(int64_t taken_ns, std::size_t bytes) {
    queued_.emplace_back(taken_ns, bytes);
    used_ += bytes;
  }

 private:
  void free_until(int64_t t_ns) {
    while (!queued_.empty() && queued_.front().first <= t_ns) {
      used_ -= queued_.front().second;
      queued_.pop_front();
    }
  }
  std::size_t capacity_;
  std::size_t used_ = 0;
  std::deque<std::pair<int64_t, std::size_t>> queued_;
};

// midiloop's native JACK link (tester/links/jack/jack_link.cpp) on a JACK graph where the interface is another
// client: sends queued ahead and placed at their frame by the process callback, within the port
// buffer and the link's rate ceiling, the schedule kept when a send leaves late, and a one-period
// feedback delay on the way back.
class JackHost final : public HostModelLink::Host {
 public:
  JackHost(const ModelConfig& model, const HostSpec& host, VirtualClock& clock, uint64_t seed)
      : Host(model, host, clock, seed),
        time_(static_cast<int64_t>(host.param("period")), static_cast<int64_t>(host.param("rate"))),
        ring_(kJackLinkRingBytes),
        cycle_bytes_(kJackLinkMaxBytesPerSecond * model.settings.speed * static_cast<double>(time_.period()) /
                     static_cast<double>(time_.rate())) {}

  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override {
    // Like the real link: queued two periods and 2 ms ahead of its time, into a 64 KB ring.
    clock_.advance_to(at_ns - lead_ns());
    if (static_cast<int64_t>(bytes.size()) > JackPortBuffer::max_event(0, 0)) {
      counters_.bytes_lost += bytes.size();  // no cycle could ever take it
      return clock_.now_ns();
    }
    ring_.make_room(clock_, kJackLinkHeaderBytes + bytes.size());
    // The process callback of the cycle under way when it was queued has run: the next one is the
    // first that sees it, and never one before the send ahead of it in the ring.
    move_to(std::max(time_.cycle_of(clock_.now_ns()) + 1, cycle_));
    int64_t frame = 0;
    const auto length = static_cast<double>(bytes.size());
    while (true) {
      // The rate ceiling: a send goes when the budget covers it (or, larger than a full budget, when
      // the budget is full); otherwise it waits for a cycle with budget.
      if (budget_ < length && (budget_ < full_budget() || length <= full_budget())) {
        move_to(cycle_ + 1);
        continue;
      }
      if (starting_schedule_) shift_ns_ = 0;  // a new test starts on time again
      starting_schedule_ = false;
      const int64_t due = at_ns + shift_ns_;
      if (due >= time_.cycle_start(cycle_ + 1)) {  // a later cycle's
        move_to(time_.cycle_of(due));
        continue;
      }
      frame = std::max(time_.cycle_start(cycle_) >= due ? cycle_ * time_.period() : time_.frame_in_cycle(due),
                       last_frame_);
      if (!port_.reserve(cycle_, bytes.size())) {
        ++counters_.sends_deferred;  // the port buffer is full: the next cycle, never lost
        move_to(cycle_ + 1);
        continue;
      }
      budget_ -= length;
      // Up to a frame late is the frame grid, not the host; more pushes the rest of the schedule back.
      const int64_t late = time_.frame_ns(frame) - due;
      if (late > time_.frame_step_ns()) shift_ns_ += late;
      last_frame_ = frame;
      break;
    }
    const int64_t taken_ns = time_.cycle_start(cycle_);
    ring_.push(taken_ns, kJackLinkHeaderBytes + bytes.size());
    left(taken_ns, time_.frame_ns(frame));
    to_device(time_.frame_ns(frame), bytes);
    return clock_.now_ns();
  }

  int64_t lead_ns() const override { return 2 * time_.period_ns() + 2'000'000; }
  void start_schedule() override { starting_schedule_ = true; }

  LinkInfo info() const override {
    LinkInfo info = Host::info();
    info.timestamps = TimestampSource::jack_frame;
    info.resolution_ns = time_.frame_step_ns();
    info.host_delay_ns = time_.period_ns();
    info.period_frames = static_cast<uint32_t>(time_.period());
    info.sample_rate = static_cast<uint32_t>(time_.rate());
    return info;
  }

 protected:
  // The interface writes its bytes at their frame in the cycle they fall in; midiloop, before it in
  // the graph's cycle, reads them a period later, at the same frame of the next cycle.
  int64_t visible_at(int64_t device_ns) const override { return time_.cycle_start(time_.cycle_of(device_ns) + 1); }
  int64_t horizon(int64_t now_ns) const override { return time_.cycle_start(time_.cycle_of(now_ns)) - 1; }
  void from_device(const Arrival& a) override {
    const int64_t frame = std::max(time_.frame_in_cycle(a.t_ns) + time_.period(), last_arrival_frame_);
    last_arrival_frame_ = frame;
    arrive(time_.cycle_start(time_.cycle_of(a.t_ns) + 1), time_.frame_ns(frame), a.bytes);
  }

 private:
  // The process callback reaches `cycle`: each cycle adds its share of the rate ceiling to the
  // budget, never more saved up than that and one chunk.
  double full_budget() const { return cycle_bytes_ + static_cast<double>(kLinkChunkBytes); }
  void move_to(int64_t cycle) {
    if (cycle <= cycle_) return;
    const double cycles = static_cast<double>(cycle - cycle_);
    budget_ = std::min(budget_ + cycles * cycle_bytes_, full_budget());
    cycle_ = cycle;
    last_frame_ = cycle * time_.period();
  }

  JackTime time_;
  SendRing ring_;
  JackPortBuffer port_;
  double cycle_bytes_;
  int64_t cycle_ = -1;  // the cycle the last send was placed in (or is being placed in)
  double budget_ = 0;
  int64_t last_frame_ = 0;
  bool starting_schedule_ = false;
  int64_t shift_ns_ = 0;
  int64_t last_arrival_frame_ = 0;
};

// RtMidi 5.0's JACK backend: MidiOutJack::sendMessage, jackProcessOut, jackProcessIn.
class JackRtMidiHost final : public HostModelLink::Host {
 public:
  JackRtMidiHost(const ModelConfig& model, const HostSpec& host, VirtualClock& clock, uint64_t seed)
      : Host(model, host, clock, seed),
        time_(static_cast<int64_t>(host.param("period")), static_cast<int64_t>(host.param("rate"))),
        ring_(kRtMidiJackRingBytes) {}

  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override {
    clock_.advance_to(at_ns);
    const int64_t handed_ns = clock_.now_ns();
    left(handed_ns, handed_ns);  // RtMidi cannot say when it left: the time it was handed over
    if (bytes.size() + kRtMidiJackHeaderBytes > kRtMidiJackRingBytes) {
      counters_.bytes_lost += bytes.size();  // "if ( size + sizeof(nBytes) > buffMaxWrite ) return;"
      return clock_.now_ns();
    }
    ring_.make_room(clock_, kRtMidiJackHeaderBytes + bytes.size());  // sendMessage spins while the ring is full
    const int64_t cycle = time_.cycle_of(clock_.now_ns()) + 1;
    ring_.push(time_.cycle_start(cycle), kRtMidiJackHeaderBytes + bytes.size());
    if (!port_.reserve(cycle, bytes.size())) {
      counters_.bytes_lost += bytes.size();  // read out of the ring and discarded
    } else {
      to_device(time_.cycle_start(cycle), bytes);  // frame 0, always
    }
    return clock_.now_ns();
  }

  LinkInfo info() const override {
    LinkInfo info = Host::info();
    info.resolution_ns = time_.period_ns();
    info.host_delay_ns = 0;
    info.period_frames = static_cast<uint32_t>(time_.period());
    info.sample_rate = static_cast<uint32_t>(time_.rate());
    return info;
  }

 protected:
  // RtMidi's input client follows the interface in the graph: it reads a cycle's events in that
  // cycle, all at the cycle's start.
  int64_t visible_at(int64_t device_ns) const override { return time_.cycle_start(time_.cycle_of(device_ns)); }
  int64_t horizon(int64_t now_ns) const override { return time_.cycle_start(time_.cycle_of(now_ns) + 1) - 1; }
  void from_device(const Arrival& a) override {
    // One JACK event per USB frame of the interface, joined until an event ends with F7.
    if (!continue_sysex_) message_.clear();
    message_.insert(message_.end(), a.bytes.begin(), a.bytes.end());
    const uint8_t first = a.bytes.front();
    if (first == kF0 || (continue_sysex_ && first != 0xF1 && first != 0xF8 && first != 0xFE)) {
      continue_sysex_ = a.bytes.back() != kF7;
    }
    if (continue_sysex_) return;
    const int64_t stamp = time_.cycle_start(time_.cycle_of(a.t_ns));
    arrive(stamp, stamp, std::move(message_));
    message_.clear();
  }

 private:
  JackTime time_;
  SendRing ring_;
  JackPortBuffer port_;
  std::vector<uint8_t> message_;
  bool continue_sysex_ = false;
};

// WinMM through RtMidi: MidiOutWinMM::sendMessage, midiInputCallback, and the driver's buffers.
class WinMmHost final : public HostModelLink::Host {
 public:
  WinMmHost(const ModelConfig& model, const HostSpec& host, VirtualClock& clock, uint64_t seed)
      : Host(model, host, clock, seed), buffer_bytes_(static_cast<std::size_t>(host.param("size"))) {}

  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override {
    clock_.advance_to(at_ns);
    const int64_t start = clock_.now_ns();
    left(start, start);
    if (bytes.empty()) return start;
    if (bytes.size() > kWinMmLongestSend) {
      counters_.bytes_lost += bytes.size();  // Windows MIDI Services fails the midiOutLongMsg
      return start;
    }
    if (bytes.size() <= 3) {
      // midiOutShortMsg: a complete channel, system common or realtime message goes; a piece of
      // SysEx (F0, F7 or a data byte first) is not a short message and never leaves.
      if (bytes[0] == kF0 || bytes[0] == kF7 || !is_status(bytes[0])) {
        counters_.bytes_lost += bytes.size();
        return start;
      }
      clock_.advance_to(to_device(start, bytes));
      return clock_.now_ns();
    }
    // midiOutLongMsg, then midiOutUnprepareHeader until the driver is done with it, Sleep(1) between.
    const int64_t done = to_device(start, bytes);
    if (done > start) clock_.advance_to(start + (done - start + kMsNs - 1) / kMsNs * kMsNs);
    return clock_.now_ns();
  }

  LinkInfo info() const override {
    LinkInfo info = Host::info();
    info.resolution_ns = kMsNs;
    info.sends = {kWinMmLongestSend, 4, false};  // the RtMidi link's on WinMM, but for pieces of a SysEx
    return info;
  }

 protected:
  void from_device(const Arrival& a) override {
    for (uint8_t b : a.bytes) take(b, a.t_ns);
  }

 private:
  void hand_over(std::vector<uint8_t> bytes, int64_t t_ns) { arrive(t_ns, floor_to(t_ns, kMsNs), std::move(bytes)); }

  void take(uint8_t b, int64_t t) {
    if (is_realtime(b)) {
      hand_over({b}, t);  // MIM_DATA at once, whatever is being collected
      return;
    }
    if (in_sysex_) {
      if (!is_status(b) || b == kF7) {
        sysex_.push_back(b);
        if (b == kF7 || sysex_.size() >= buffer_bytes_) {
          hand_over(std::move(sysex_), t);  // MIM_LONGDATA: a full buffer, or the end
          sysex_.clear();
          in_sysex_ = b != kF7;
        }
        return;
      }
      hand_over(std::move(sysex_), t);  // another status ends it: the buffer comes back as it is
      sysex_.clear();
      in_sysex_ = false;
    }
    if (b == kF0) {
      in_sysex_ = true;
      sysex_.assign(1, b);
      running_ = 0;
      need_ = -1;
      return;
    }
    if (is_status(b)) {
      running_ = b < 0xF0 ? b : 0;
      need_ = data_length(b);
      message_.assign(1, b);
      if (need_ == 0) {
        hand_over(std::move(message_), t);
        need_ = -1;
      }
      return;
    }
    if (need_ <= 0) {
      if (running_ == 0) return;  // a data byte without a status: no message
      message_.assign(1, running_);
      need_ = data_length(running_);
    }
    message_.push_back(b);
    if (--need_ == 0) {
      hand_over(std::move(message_), t);
      need_ = -1;
    }
  }

  std::size_t buffer_bytes_;
  bool in_sysex_ = false;
  std::vector<uint8_t> sysex_, message_;
  uint8_t running_ = 0;
  int need_ = -1;
};

// The ALSA sequencer through RtMidi 5.0: MidiOutAlsa::sendMessage with alsa-lib's encoder, the
// kernel's snd-seq-midi on both sides, and alsaMidiHandler joining SysEx events.
class AlsaHost final : public HostModelLink::Host {
 public:
  AlsaHost(const ModelConfig& model, const HostSpec& host, VirtualClock& clock, uint64_t seed)
      : Host(model, host, clock, seed), out_buffer_(static_cast<int64_t>(host.param("out_buffer"))),
        out_encoder_(kAlsaLibFirstBuffer), in_encoder_(kAlsaInputEventBytes) {}

  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override {
    clock_.advance_to(at_ns);
    const int64_t now = clock_.now_ns();
    left(now, now);
    if (bytes.size() > out_encoder_.bufsize()) {
      counters_.bytes_lost += out_encoder_.collecting();  // snd_midi_event_resize_buffer drops it
      out_encoder_.resize(bytes.size());
    }
    std::vector<uint8_t> event;
    bool sysex = false;
    for (uint8_t b : bytes) {
      if (out_encoder_.feed(b, event, sysex, counters_.bytes_lost)) write_event(now, event);
    }
    return now;
  }

  LinkInfo info() const override {
    LinkInfo info = Host::info();
    info.resolution_ns = kUsNs;
    return info;
  }

 protected:
  void from_device(const Arrival& a) override {
    std::vector<uint8_t> event;
    bool sysex = false;
    uint64_t lost = 0;  // the kernel's doing, but only ever after the interface lost a byte first
    for (uint8_t b : a.bytes) {
      if (!in_encoder_.feed(b, event, sysex, lost)) continue;
      // alsaMidiHandler: a SysEx event without F7 waits for the next; any other event ends the join.
      if (!continue_sysex_) message_.clear();
      message_.insert(message_.end(), event.begin(), event.end());
      continue_sysex_ = sysex && message_.back() != kF7;
      if (continue_sysex_) continue;
      arrive(a.t_ns, floor_to(a.t_ns, kUsNs), std::move(message_));
      message_.clear();
    }
  }

 private:
  // The kernel's dump_midi: into the rawmidi buffer if it has room, else dropped. The buffer drains
  // into the interface as fast as it takes bytes.
  void write_event(int64_t now, const std::vector<uint8_t>& event) {
    int64_t used = 0;
    for (const auto& w : rawmidi_) {
      if (now >= w.done_ns) continue;
      const auto n = static_cast<int64_t>(w.bytes);
      used += now <= w.start_ns ? n : (n * (w.done_ns - now) + (w.done_ns - w.start_ns) - 1) / (w.done_ns - w.start_ns);
    }
    std::erase_if(rawmidi_, [&](const Written& w) { return w.done_ns <= now; });
    if (static_cast<int64_t>(event.size()) > out_buffer_ - used) {
      counters_.bytes_lost += event.size();  // "seq_midi: MIDI output buffer overrun"
      return;
    }
    const int64_t start = std::max(now, last_done_ns_);
    last_done_ns_ = to_device(start, event);
    rawmidi_.push_back({start, last_done_ns_, event.size()});
  }

  struct Written {
    int64_t start_ns, done_ns;
    std::size_t bytes;
  };
  int64_t out_buffer_;
  SeqEncoder out_encoder_, in_encoder_;
  std::vector<Written> rawmidi_;
  int64_t last_done_ns_ = 0;
  std::vector<uint8_t> message_;
  bool continue_sysex_ = false;
};

std::unique_ptr<HostModelLink::Host> make_host(const ModelConfig& model, const HostSpec& host, VirtualClock& clock,
                                               uint64_t seed) {
  if (host.name == "jack") return std::make_unique<JackHost>(model, host, clock, seed);
  if (host.name == "jack-rtmidi") return std::make_unique<JackRtMidiHost>(model, host, clock, seed);
  if (host.name == "winmm") return std::make_unique<WinMmHost>(model, host, clock, seed);
  if (host.name == "alsa") return std::make_unique<AlsaHost>(model, host, clock, seed);
  throw std::invalid_argument("unknown host model '" + host.name + "'");
}

}  // namespace

HostModelLink::HostModelLink(const ModelConfig& model, const HostSpec& host, VirtualClock& clock, uint64_t seed)
    : host_(make_host(model, host, clock, seed)) {}

HostModelLink::~HostModelLink() = default;

int64_t HostModelLink::send(std::span<const uint8_t> bytes, int64_t at_ns) { return host_->send(bytes, at_ns); }

void HostModelLink::take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) {
  host_->take_left_times(out, deadline_ns);
}

bool HostModelLink::receive(std::vector<Arrival>& out, int64_t deadline_ns) { return host_->receive(out, deadline_ns); }

LinkInfo HostModelLink::info() const { return host_->info(); }

int64_t HostModelLink::lead_ns() const { return host_->lead_ns(); }

void HostModelLink::start_schedule() { host_->start_schedule(); }

HostCounters HostModelLink::host_counters() const { return host_->counters(); }

}  // namespace midiloop
