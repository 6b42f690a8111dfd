#pragma once
// What the JACK link and the live JACK emulator share: a client on the server JACK_DEFAULT_SERVER
// names, JACK's clock mapped onto the engine's, and the time of every frame of a process cycle.
// Only tester/jack_*.cpp include libjack.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tester/engine/clock.hpp"

typedef struct _jack_client jack_client_t;
typedef struct _jack_port jack_port_t;

namespace midiloop::jack {

// The frames of one process cycle on the engine's clock: frame k of the cycle is at
// start_ns + k * frame_ns. Taken from jack_get_cycle_times, so frame-accurate, not the time the
// callback happened to run.
struct Cycle {
  int64_t start_ns = 0;
  double frame_ns = 0;
  uint32_t frames = 0;
  int64_t end_ns() const { return start_ns + static_cast<int64_t>(frame_ns * frames); }
  int64_t time_of(uint32_t frame) const { return start_ns + static_cast<int64_t>(frame_ns * frame); }
  // The frame at which `t_ns` falls, clamped into the cycle (0 for a time already past).
  uint32_t frame_of(int64_t t_ns) const;
};

// A JACK client, opened without starting a server. Throws LinkError saying what to do when no
// server runs. Messages libjack prints on its own are kept, not printed.
class Client {
 public:
  explicit Client(const std::string& name, SteadyClock& clock);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  jack_client_t* get() const { return client_; }
  std::string name() const;
  uint32_t sample_rate() const;
  uint32_t period_frames() const;
  // Within a process callback: the current cycle on the engine's clock.
  Cycle cycle(uint32_t frames) const;
  // MIDI ports of other clients: `inputs` true for ports that take data (where --out points).
  std::vector<std::string> midi_ports(bool inputs) const;
  jack_port_t* register_midi_port(const std::string& short_name, bool input);
  void activate();

  // What the server told this client on libjack's threads.
  uint64_t xruns() const { return notices_->xruns.load(); }
  bool shut_down() const { return notices_->shut_down.load(); }
  // Why, in libjack's words; "" when it gave none. Meaningful once shut_down() is true.
  std::string shutdown_reason() const { return shut_down() ? notices_->shutdown_reason : std::string(); }

  // Written by libjack's threads. Its own allocation, so that a client given up on (see ~Client)
  // leaves those threads something valid to write to.
  struct Notices {
    std::atomic<uint64_t> xruns{0};
    std::atomic<bool> shut_down{false};
    std::string shutdown_reason;  // written once, before shut_down is set
  };

 private:
  jack_client_t* client_ = nullptr;
  std::unique_ptr<Notices> notices_ = std::make_unique<Notices>();
  int64_t offset_ns_ = 0;  // engine clock = JACK's microsecond clock x 1000 - offset_ns_
};

// Why JACK could not be used, in words that say what to do; "" when a server answers.
std::string server_problem();

}  // namespace midiloop::jack
