#pragma once
// A JACK client standing in for an instrument and for a noisy line: what reaches its "in" port is
// recorded byte by byte with the time JACK gives the byte's frame (jack_frames_to_time, the
// server's microseconds: CLOCK_MONOTONIC for jackd2 on Linux), and on request its "out" port
// sends MIDI clock, as a DAW's transport would.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

typedef struct _jack_client jack_client_t;
typedef struct _jack_port jack_port_t;

namespace midiloop::testing {

class JackRecorder {
 public:
  // Opens client `name` on `server`; ports "<name>:in" and "<name>:out". Records up to `capacity`
  // bytes (allocated here, before the client runs: nothing is allocated in its process callback).
  JackRecorder(const std::string& name, const std::string& server, std::size_t capacity = 1 << 20);
  ~JackRecorder();
  JackRecorder(const JackRecorder&) = delete;
  JackRecorder& operator=(const JackRecorder&) = delete;
  bool ok() const { return client_ != nullptr; }
  const std::string& problem() const { return problem_; }

  // Sends F8 every `frames_apart` frames on "out" while on (0: stops).
  void send_clock(unsigned frames_apart) { clock_every_.store(frames_apart); }
  // Bytes recorded so far; byte(k) and time_us(k) are valid below it.
  std::size_t count() const { return count_.load(std::memory_order_acquire); }
  uint8_t byte(std::size_t k) const { return bytes_[k]; }
  int64_t time_us(std::size_t k) const { return times_us_[k]; }
  // JACK's clock now (jack_get_time), the clock of time_us.
  int64_t now_us() const;

 private:
  static int process(unsigned frames, void* self);
  jack_client_t* client_ = nullptr;
  jack_port_t* in_ = nullptr;
  jack_port_t* out_ = nullptr;
  std::string problem_;
  std::vector<uint8_t> bytes_;
  std::vector<int64_t> times_us_;
  std::atomic<std::size_t> count_{0};
  std::atomic<unsigned> clock_every_{0};
  uint64_t frames_to_clock_ = 0;  // process callback only
};

}  // namespace midiloop::testing
