#include "tester/links/rtmidi/rtmidi_link.hpp"

#include <RtMidi.h>

#include <atomic>
#include <condition_variable>
#include <thread>
#include <deque>
#include <mutex>

#include "tester/links/port_select.hpp"
#include "tester/links/rtmidi/file_access.hpp"

namespace midiloop {
namespace {

constexpr unsigned kInputBufferBytes = 32768;
// WinMM: RtMidi's input buffers (4 x 1024 bytes unless setBufferSize is called before openPort). A
// SysEx longer than one comes in several callbacks, which the capture simply joins as bytes; what
// matters is that one is always queued: Windows MIDI Services discards a SysEx when none is within
// 1 ms (10 ms inside one), and the SysEx after it (docs/background.md §6). RtMidi re-queues each in
// its callback, before calling ours.
constexpr unsigned kWinMmInputBufferBytes = 4096;
constexpr unsigned kWinMmInputBuffers = 64;
// WinMM applications on Windows MIDI Services fail a SysEx send of 2049 bytes or more (microsoft/MIDI#605).
constexpr std::size_t kWinMmLongestSend = 2048;

struct ApiName {
  RtMidi::Api api;
  const char* name;
};
// JACK is not among them: RtMidi stamps a whole JACK cycle with one time and writes every send at
// frame 0 (docs/background.md §6); tester/jack_link does JACK natively, frame by frame.
constexpr ApiName kApis[] = {{RtMidi::LINUX_ALSA, "alsa"},
                             {RtMidi::MACOSX_CORE, "core"},
                             {RtMidi::WINDOWS_MM, "winmm"}};

// The finest step of the times RtMidi passes for each API (its deltaTime, in seconds as a double):
// ALSA sequencer event times are in ns but RtMidi keeps µs; WinMM's are in ms.
int64_t resolution_ns(const ApiName& api) {
  switch (api.api) {
    case RtMidi::WINDOWS_MM: return 1'000'000;
    case RtMidi::MACOSX_CORE: return 1'000;
    default: return 1'000;
  }
}

std::vector<ApiName> compiled_apis() {
  std::vector<RtMidi::Api> compiled;
  RtMidi::getCompiledApi(compiled);
  std::vector<ApiName> out;
  for (const auto& a : kApis) {
    for (auto c : compiled) {
      if (c == a.api) out.push_back(a);
    }
  }
  return out;
}

std::vector<ApiName> apis_for(const std::string& choice) {
  const auto compiled = compiled_apis();
  if (choice == "auto") return compiled;
  for (const auto& a : compiled) {
    if (choice == a.name) return {a};
  }
  std::string names = "auto, jack";
  for (const auto& a : compiled) names += std::string(", ") + a.name;
  throw PortSelectionError("MIDI API '" + choice + "' is not available in this build; choose one of: " + names);
}

// RtMidi's ALSA backend throws (and alsa-lib prints to stderr) when there is no sequencer
// device, as in containers and CI; say so plainly instead of trying.
std::string precondition_problem(const ApiName& api) {
  if (api.api == RtMidi::LINUX_ALSA && !readable_and_writable("/dev/snd/seq")) {
    return "no ALSA sequencer (/dev/snd/seq is missing or not accessible); use --api jack with a running JACK "
           "server, or load the snd-seq kernel module";
  }
  return {};
}

// Only before openPort (RtMidi reads them there); only WinMM takes a count, ALSA a first size.
void set_input_buffers(RtMidiIn& input, const ApiName& api) {
  if (api.api == RtMidi::WINDOWS_MM) {
    input.setBufferSize(kWinMmInputBufferBytes, kWinMmInputBuffers);
  } else {
    input.setBufferSize(kInputBufferBytes, 4);
  }
}

// What one send may be through RtMidi on this API (docs/background.md §6). RtMidi 5.0 and 6.0 on
// WinMM send a send as SysEx (midiOutLongMsg) only when it starts with F0; any other send of more
// than 3 bytes is refused with a warning and one of 3 or fewer goes through midiOutShortMsg, so no
// piece of a SysEx after its first would leave: each SysEx is one send. Its master branch routes by
// length instead (3 bytes or fewer: short, thestk/rtmidi#373), so pieces would need 4 bytes at least.
SendLimits send_limits(const ApiName& api) {
  if (api.api == RtMidi::WINDOWS_MM) return {kWinMmLongestSend, 4, true};
  return {};
}

// RtMidi's WinMM openPort reports any midiInOpen/midiOutOpen failure as one DRIVER_ERROR without the
// MMRESULT ("error creating Windows MM MIDI ... port"); a WinMM port serves one program at a time, so
// the usual cause is another program holding it (MMSYSERR_ALLOCATED).
std::string open_failure_advice(const ApiName& api, const RtMidiError& e) {
  if (api.api == RtMidi::WINDOWS_MM && e.getType() == RtMidiError::DRIVER_ERROR &&
      e.getMessage().find("error creating Windows MM MIDI") != std::string::npos) {
    return "; Windows would not open it, and the usual reason is that the port is in use by another program — "
           "close MIDI-OX or your DAW and try again";
  }
  return "; check that they still exist ('midiloop list')";
}

template <typename Port>
std::vector<std::string> port_names(Port& port) {
  std::vector<std::string> names;
  const unsigned n = port.getPortCount();
  for (unsigned k = 0; k < n; ++k) names.push_back(port.getPortName(k));
  return names;
}

std::string no_ports_problem(const ApiName& api) {
  if (api.api == RtMidi::UNIX_JACK) {
    return "no JACK MIDI ports (is a JACK server running? start one, e.g. 'jackd -d dummy' or with your sound "
           "card, and set JACK_DEFAULT_SERVER if it has a name)";
  }
  return "no MIDI ports";
}

class RtMidiLink final : public Link {
 public:
  // The callback is installed before any port opens: bytes that arrive in between would be lost.
  RtMidiLink(const ApiName& api, std::unique_ptr<RtMidiOut> out, std::unique_ptr<RtMidiIn> in, std::string out_name,
             std::string in_name, SteadyClock& clock, const RtMidiLinkOptions& options)
      : api_(api), out_(std::move(out)), in_(std::move(in)), out_name_(std::move(out_name)),
        in_name_(std::move(in_name)), clock_(clock), stuck_send_ns_(options.stuck_send_ns),
        on_stuck_(options.on_stuck) {
    if (in_) in_->setCallback(&RtMidiLink::on_message, this);
    if (on_stuck_) watchdog_ = std::thread([this] { watch_sends(); });
  }

  ~RtMidiLink() override {
    if (watchdog_.joinable()) {
      {
        std::lock_guard lock(watch_mutex_);
        stopping_ = true;
      }
      watch_cv_.notify_one();
      watchdog_.join();
    }
    // Destroy the input first: closing its client stops the callback, which uses the queue and
    // mutex below; cancelCallback() alone does not wait for a callback already running.
    in_.reset();
    out_->closePort();
  }

  RtMidiIn* input() { return in_.get(); }
  RtMidiOut& output() { return *out_; }

  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override {
    clock_.sleep_until(at_ns);
    sending_since_ns_ = clock_.now_ns();
    left_.push_back(sending_since_ns_);
    try {
      out_->sendMessage(bytes.data(), bytes.size());
      sending_since_ns_ = kNotSending;
    } catch (const RtMidiError& e) {
      sending_since_ns_ = kNotSending;
      if (api_.api == RtMidi::WINDOWS_MM && bytes.size() > kWinMmLongestSend) {
        throw LinkError("sending " + std::to_string(bytes.size()) + " bytes to '" + out_name_ + "' failed: " +
                        e.getMessage() +
                        "; Windows MIDI Services refuses a SysEx of more than 2048 bytes from WinMM programs, and "
                        "RtMidi on WinMM can send a SysEx only whole (docs/background.md §6)");
      }
      throw LinkError("sending to '" + out_name_ + "' failed: " + e.getMessage() + "; is the port still there?");
    }
    return clock_.now_ns();
  }

  void take_left_times(std::vector<int64_t>& out, int64_t) override {
    out.insert(out.end(), left_.begin(), left_.end());
    left_.clear();
  }

  bool receive(std::vector<Arrival>& out, int64_t deadline_ns) override {
    std::unique_lock lock(mutex_);
    if (queue_.empty()) cv_.wait_until(lock, clock_.time_point(deadline_ns), [&] { return !queue_.empty(); });
    if (queue_.empty()) return false;
    for (auto& a : queue_) out.push_back(std::move(a));
    queue_.clear();
    return true;
  }

  std::size_t max_chunk_bytes() const override { return kLinkChunkBytes; }

  LinkInfo info() const override {
    LinkInfo info;
    info.kind = "rtmidi";
    info.api = api_.name;
    info.out = out_name_;
    info.in = in_name_;
    info.timestamps = TimestampSource::host_timestamp;
    info.resolution_ns = resolution_ns(api_);
    info.sends = send_limits(api_);
    return info;
  }

 private:
  // Runs on the MIDI system's thread: stamp, copy, hand off. Nothing else. The time is the
  // host's: RtMidi passes the host's time since the previous message (deltaTime), so the sum is
  // the host's clock up to a constant. The constant is the least callback delay seen so far:
  // a callback runs after its message arrived, never before.
  static void on_message(double delta_s, std::vector<unsigned char>* message, void* self_ptr) {
    auto* self = static_cast<RtMidiLink*>(self_ptr);
    const int64_t called_ns = self->clock_.now_ns();
    {
      std::lock_guard lock(self->mutex_);
      if (self->messages_++ > 0) self->host_ns_ += static_cast<int64_t>(delta_s * 1e9);
      self->anchor_ns_ = std::min(self->anchor_ns_, called_ns - self->host_ns_);
      self->queue_.push_back({self->anchor_ns_ + self->host_ns_, std::vector<uint8_t>(message->begin(), message->end())});
    }
    self->cv_.notify_one();
  }

  void watch_sends() {
    std::unique_lock lock(watch_mutex_);
    while (!stopping_) {
      watch_cv_.wait_for(lock, std::chrono::milliseconds(250));
      const int64_t since = sending_since_ns_;
      if (since != kNotSending && clock_.now_ns() - since > stuck_send_ns_) {
        on_stuck_("sending to '" + out_name_ + "' has been blocked for " + std::to_string(stuck_send_ns_ / 1'000'000'000) +
                  " s: the MIDI system stopped taking data (did the JACK server stop, or the interface vanish?)");
        return;
      }
    }
  }

  static constexpr int64_t kNotSending = INT64_MIN;
  ApiName api_;
  std::unique_ptr<RtMidiOut> out_;
  std::unique_ptr<RtMidiIn> in_;
  std::string out_name_, in_name_;
  SteadyClock& clock_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Arrival> queue_;
  uint64_t messages_ = 0;
  int64_t host_ns_ = 0;                // the host's time of the latest message, from the first
  int64_t anchor_ns_ = INT64_MAX;      // engine clock = anchor + host time
  std::vector<int64_t> left_;
  int64_t stuck_send_ns_;
  std::function<void(const std::string&)> on_stuck_;
  std::atomic<int64_t> sending_since_ns_{kNotSending};
  std::mutex watch_mutex_;
  std::condition_variable watch_cv_;
  bool stopping_ = false;
  std::thread watchdog_;
};

}  // namespace

std::vector<std::string> api_choices() {
  std::vector<std::string> names{"auto"};
  for (const auto& a : compiled_apis()) names.push_back(a.name);
  return names;
}

std::vector<ApiPorts> list_ports(const std::string& choice) {
  std::vector<ApiPorts> result;
  for (const auto& api : apis_for(choice)) {
    ApiPorts ports{api.name, {}, {}, precondition_problem(api)};
    if (ports.problem.empty()) {
      try {
        RtMidiOut out(api.api, "midiloop list");
        RtMidiIn in(api.api, "midiloop list");
        ports.outputs = port_names(out);
        ports.inputs = port_names(in);
        if (ports.outputs.empty() && ports.inputs.empty()) ports.problem = no_ports_problem(api);
      } catch (const RtMidiError& e) {
        ports.problem = e.getMessage();
      }
    }
    result.push_back(std::move(ports));
  }
  return result;
}

std::unique_ptr<Link> open_rtmidi_link(const RtMidiLinkOptions& options, SteadyClock& clock) {
  const auto apis = apis_for(options.api);
  std::string problems;
  std::unique_ptr<PortSelectionError> selection_error;
  for (const auto& api : apis) {
    if (auto problem = precondition_problem(api); !problem.empty()) {
      problems += std::string("\n  ") + api.name + ": " + problem;
      continue;
    }
    const bool with_input = !options.in.empty();  // send needs only an output
    std::unique_ptr<RtMidiOut> out;
    std::unique_ptr<RtMidiIn> in;
    std::vector<std::string> out_names, in_names;
    try {
      out = std::make_unique<RtMidiOut>(api.api, options.client_name);
      out_names = port_names(*out);
      if (with_input) {
        in = std::make_unique<RtMidiIn>(api.api, options.client_name, 1000);
        in_names = port_names(*in);
      }
    } catch (const RtMidiError& e) {
      problems += std::string("\n  ") + api.name + ": " + e.getMessage();
      continue;
    }
    if (out_names.empty() && in_names.empty()) {
      problems += std::string("\n  ") + api.name + ": " + no_ports_problem(api);
      continue;
    }
    std::size_t out_index = 0, in_index = 0;
    try {
      out_index = select_port(out_names, options.out, std::string(api.name) + " output");
      if (with_input) in_index = select_port(in_names, options.in, std::string(api.name) + " input");
    } catch (const PortSelectionError& e) {
      // With --api auto another API may have the port; remember the first complaint.
      if (!selection_error) selection_error = std::make_unique<PortSelectionError>(e);
      continue;
    }
    const std::string out_name = out_names[out_index];
    const std::string in_name = with_input ? in_names[in_index] : std::string();
    auto link = std::make_unique<RtMidiLink>(api, std::move(out), std::move(in), out_name, in_name, clock, options);
    try {
      // SysEx, timing and Active Sensing must all reach the analysis (RtMidi ignores them by default).
      if (RtMidiIn* input = link->input()) {
        input->ignoreTypes(false, false, false);
        set_input_buffers(*input, api);
        input->openPort(static_cast<unsigned>(in_index), "in");
      }
      link->output().openPort(static_cast<unsigned>(out_index), "out");
    } catch (const RtMidiError& e) {
      throw LinkError("cannot open the " + std::string(api.name) + " port(s) '" + out_name +
                      (with_input ? "' / '" + in_name : std::string()) + "': " + e.getMessage() +
                      open_failure_advice(api, e));
    }
    return link;
  }
  if (selection_error) throw *selection_error;
  throw LinkError("no usable MIDI API:" + problems);
}

std::unique_ptr<Link> open_rtmidi_virtual_ports(const std::string& api_choice, const std::string& name,
                                                SteadyClock& clock) {
  std::string problems;
  for (const auto& api : apis_for(api_choice)) {
    if (auto problem = precondition_problem(api); !problem.empty()) {
      problems += std::string("\n  ") + api.name + ": " + problem;
      continue;
    }
    try {
      auto link = std::make_unique<RtMidiLink>(api, std::make_unique<RtMidiOut>(api.api, name),
                                               std::make_unique<RtMidiIn>(api.api, name, 1000), name + ":out",
                                               name + ":in", clock, RtMidiLinkOptions{});
      link->input()->ignoreTypes(false, false, false);
      set_input_buffers(*link->input(), api);
      link->input()->openVirtualPort("in");
      link->output().openVirtualPort("out");
      return link;
    } catch (const RtMidiError& e) {
      problems += std::string("\n  ") + api.name + ": " + e.getMessage();
    }
  }
  throw LinkError("cannot create MIDI ports '" + name + "':" + problems +
                  "\n(with JACK: is a server running? start one, e.g. 'jackd -d dummy')");
}

}  // namespace midiloop
