#include "tests/support/jack_recorder.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>

#include "tests/support/jack_thru.hpp"

namespace midiloop::testing {

JackRecorder::JackRecorder(const std::string& name, const std::string& server, std::size_t capacity)
    : bytes_(capacity), times_us_(capacity) {
  // The buffers exist before the client runs: nothing is allocated in its process callback.
  open_thru_client(name, server, &JackRecorder::process, this, client_, in_, out_, problem_);
}

JackRecorder::~JackRecorder() {
  if (client_) jack_client_close(client_);
}

int64_t JackRecorder::now_us() const { return static_cast<int64_t>(jack_get_time()); }

int JackRecorder::process(unsigned frames, void* self_ptr) {
  auto* self = static_cast<JackRecorder*>(self_ptr);
  const jack_nframes_t cycle_start = jack_last_frame_time(self->client_);
  void* in = jack_port_get_buffer(self->in_, frames);
  std::size_t n = self->count_.load(std::memory_order_relaxed);
  const uint32_t events = jack_midi_get_event_count(in);
  for (uint32_t k = 0; k < events; ++k) {
    jack_midi_event_t event;
    if (jack_midi_event_get(&event, in, k) != 0) continue;
    const auto t = static_cast<int64_t>(jack_frames_to_time(self->client_, cycle_start + event.time));
    for (std::size_t b = 0; b < event.size && n < self->bytes_.size(); ++b, ++n) {
      self->bytes_[n] = event.buffer[b];
      self->times_us_[n] = t;
    }
  }
  self->count_.store(n, std::memory_order_release);  // the bytes above are visible with the count
  void* out = jack_port_get_buffer(self->out_, frames);
  jack_midi_clear_buffer(out);
  const unsigned every = self->clock_every_.load();
  if (every == 0) return 0;
  // A clock byte each `every` frames, at its own frame within the cycle.
  for (unsigned f = 0; f < frames; ++f) {
    if (self->frames_to_clock_ == 0) {
      const uint8_t clock = 0xF8;
      jack_midi_event_write(out, f, &clock, 1);
      self->frames_to_clock_ = every;
    }
    --self->frames_to_clock_;
  }
  return 0;
}

}  // namespace midiloop::testing
