#include "tester/emulator/live/jack_emulator.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "tester/links/jack/jack_client.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {
namespace {

class JackDevice {
 public:
  JackDevice(const ModelConfig& model, uint64_t seed, const std::string& name, SteadyClock& clock)
      : device_(model, seed), client_(name, clock) {
    in_ = client_.register_midi_port("in", true);
    out_ = client_.register_midi_port("out", false);
    // The model grows its queues as bytes pass; room for a long burst up front keeps the process
    // callback from allocating in the common case.
    arrivals_.reserve(4096);
    if (jack_set_process_callback(client_.get(), &JackDevice::process, this) != 0) {
      throw LinkError("cannot set the JACK process callback");
    }
    client_.activate();
  }
  ~JackDevice() { jack_deactivate(client_.get()); }

  bool server_gone() const { return client_.shut_down(); }
  LiveEmulatorStats stats() const { return {bytes_in_.load(), bytes_out_.load(), bytes_dropped_.load()}; }

 private:
  static int process(jack_nframes_t frames, void* self_ptr) {
    static_cast<JackDevice*>(self_ptr)->run_cycle(frames);
    return 0;
  }

  void run_cycle(jack_nframes_t frames) {
    const jack::Cycle cycle = client_.cycle(frames);
    void* in = jack_port_get_buffer(in_, frames);
    void* out = jack_port_get_buffer(out_, frames);
    jack_midi_clear_buffer(out);
    uint64_t dropped = 0;
    const uint32_t count = jack_midi_get_event_count(in);
    for (uint32_t k = 0; k < count; ++k) {
      jack_midi_event_t event;
      if (jack_midi_event_get(&event, in, k) != 0) continue;
      // The host's driver queues what the device holds back (USB NAK), as a real host does.
      const int64_t t = std::max(cycle.time_of(event.time), host_free_ns_);
      host_free_ns_ = device_.host_send(t, std::span<const uint8_t>(event.buffer, event.size), dropped);
      bytes_in_ += event.size;
    }
    bytes_dropped_ += dropped;
    // Everything the model delivers before this cycle ends leaves at its own frame; what does not
    // fit the port buffer waits for the next cycle, as a host driver would keep it.
    arrivals_.erase(arrivals_.begin(), arrivals_.begin() + static_cast<std::ptrdiff_t>(written_));
    written_ = 0;
    device_.deliver_until(cycle.end_ns() - 1, arrivals_);
    uint32_t last_frame = 0;
    for (; written_ < arrivals_.size(); ++written_) {
      const Arrival& a = arrivals_[written_];
      const uint32_t frame = std::max(last_frame, std::min(cycle.frame_of(a.t_ns), frames - 1));
      if (jack_midi_event_write(out, frame, a.bytes.data(), a.bytes.size()) != 0) break;
      bytes_out_ += a.bytes.size();
      last_frame = frame;
    }
  }

  DeviceModel device_;
  jack::Client client_;
  jack_port_t* in_ = nullptr;
  jack_port_t* out_ = nullptr;
  int64_t host_free_ns_ = 0;
  std::vector<Arrival> arrivals_;
  std::size_t written_ = 0;
  std::atomic<uint64_t> bytes_in_{0}, bytes_out_{0}, bytes_dropped_{0};
};

}  // namespace

LiveEmulatorStats run_jack_emulator(const ModelConfig& model, uint64_t seed, const std::string& name, SteadyClock& clock,
                                    const std::function<bool()>& should_stop, const std::function<void()>& on_ready) {
  JackDevice device(model, seed, name, clock);
  if (on_ready) on_ready();
  while (!should_stop()) {
    if (device.server_gone()) throw LinkError("the JACK server stopped; the emulated ports are gone");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return device.stats();
}

}  // namespace midiloop
