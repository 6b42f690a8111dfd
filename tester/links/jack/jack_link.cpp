#include "tester/links/jack/jack_link.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>
#include <jack/ringbuffer.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "tester/links/jack/jack_client.hpp"
#include "tester/links/port_select.hpp"

namespace midiloop {
namespace {

// A queued send: when it should leave and how many bytes follow the header in the ring.
struct SendHeader {
  int64_t at_ns;
  uint32_t length;
  bool starts_schedule;
};
// An arrival: its frame's time and how many bytes follow.
struct ArrivalHeader {
  int64_t t_ns;
  uint32_t length;
};

constexpr std::size_t kSendRingBytes = 1 << 16;
constexpr std::size_t kArrivalRingBytes = 1 << 20;  // seconds of a full-speed loop, read every few ms
constexpr std::size_t kLeftRingBytes = 1 << 16;
// How often a wait looks at the rings: arrival times are the frames', so this only bounds how soon
// the engine notices, and a coarser poll leaves the CPU to the JACK server.
constexpr auto kPoll = std::chrono::milliseconds(1);

class Ring {
 public:
  explicit Ring(std::size_t bytes) : ring_(jack_ringbuffer_create(bytes)) {
    if (!ring_) throw LinkError("out of memory for a JACK ring buffer");
    jack_ringbuffer_mlock(ring_);
  }
  ~Ring() { jack_ringbuffer_free(ring_); }
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;
  jack_ringbuffer_t* operator->() const { return ring_; }
  jack_ringbuffer_t* get() const { return ring_; }

 private:
  jack_ringbuffer_t* ring_;
};

class JackLink final : public Link {
 public:
  JackLink(const JackLinkOptions& options, SteadyClock& clock)
      : clock_(clock), client_(options.client_name, clock), sends_(kSendRingBytes), arrivals_(kArrivalRingBytes),
        left_(kLeftRingBytes), max_bytes_per_second_(options.max_bytes_per_second) {
    const auto destinations = client_.midi_ports(true);
    const auto sources = client_.midi_ports(false);
    // A server without ports is a choice the user can fix, like an unknown port (exit 2), not a
    // failing system.
    if (destinations.empty() && sources.empty()) {
      throw PortSelectionError("no jack output port matches '" + options.out +
                               "': the JACK server is running but no program has MIDI ports on it (there are no "
                               "ports to choose from). Start the interface's JACK bridge (a2jmidid, or jackd -X "
                               "seq) or the program to test, then 'midiloop list --api jack'.");
    }
    out_name_ = destinations[select_port(destinations, options.out, "jack output")];
    if (!options.in.empty()) in_name_ = sources[select_port(sources, options.in, "jack input")];
    out_port_ = client_.register_midi_port("out", false);
    if (!in_name_.empty()) in_port_ = client_.register_midi_port("in", true);
    if (jack_set_process_callback(client_.get(), &JackLink::process, this) != 0) {
      throw LinkError("cannot set the JACK process callback");
    }
    client_.activate();
    connect(jack_port_name(out_port_), out_name_);
    if (in_port_) connect(in_name_, jack_port_name(in_port_));
    period_frames_ = client_.period_frames();
    sample_rate_ = client_.sample_rate();
    host_delay_ns_ = measure_host_delay();
  }

  ~JackLink() override {
    // What was placed in the last cycle is read by the next client in that cycle or the one after:
    // let two periods pass before the ports go, or the last bytes of a transfer never leave.
    if (sends_queued_ > 0 && !client_.shut_down()) {
      std::this_thread::sleep_for(std::chrono::nanoseconds(lookahead_ns()));
    }
    // Deactivate first: the process callback uses the rings below.
    jack_deactivate(client_.get());
  }

  int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) override {
    // Queue it a little ahead, so the cycle that holds `at_ns` already has it; not more, so a slow
    // pacing never fills the queue with minutes of future sends.
    // A plain sleep, not the steady clock's spin: the process callback places the send at its
    // frame, so waking a little late costs nothing, and spinning takes the CPU a JACK server
    // without realtime scheduling needs to keep its cycles (xruns).
    const int64_t wake_ns = at_ns - lookahead_ns();
    if (wake_ns > clock_.now_ns()) std::this_thread::sleep_until(clock_.time_point(wake_ns));
    const std::size_t need = sizeof(SendHeader) + bytes.size();
    while (jack_ringbuffer_write_space(sends_.get()) < need) {
      check_server();
      std::this_thread::sleep_for(kPoll);
    }
    const SendHeader header{at_ns, static_cast<uint32_t>(bytes.size()), starting_schedule_};
    starting_schedule_ = false;
    jack_ringbuffer_write(sends_.get(), reinterpret_cast<const char*>(&header), sizeof header);
    jack_ringbuffer_write(sends_.get(), reinterpret_cast<const char*>(bytes.data()), bytes.size());
    ++sends_queued_;
    return clock_.now_ns();
  }

  void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) override {
    while (true) {
      int64_t t = 0;
      while (jack_ringbuffer_read_space(left_.get()) >= sizeof t) {
        jack_ringbuffer_read(left_.get(), reinterpret_cast<char*>(&t), sizeof t);
        out.push_back(t);
        ++sends_reported_;
      }
      if (sends_reported_ == sends_queued_ || clock_.now_ns() >= deadline_ns || client_.shut_down()) return;
      std::this_thread::sleep_for(kPoll);
    }
  }

  bool receive(std::vector<Arrival>& out, int64_t deadline_ns) override {
    while (true) {
      check_server();
      bool any = false;
      ArrivalHeader header{};
      while (jack_ringbuffer_read_space(arrivals_.get()) >= sizeof header) {
        jack_ringbuffer_peek(arrivals_.get(), reinterpret_cast<char*>(&header), sizeof header);
        if (jack_ringbuffer_read_space(arrivals_.get()) < sizeof header + header.length) break;
        jack_ringbuffer_read_advance(arrivals_.get(), sizeof header);
        Arrival a{header.t_ns, std::vector<uint8_t>(header.length)};
        jack_ringbuffer_read(arrivals_.get(), reinterpret_cast<char*>(a.bytes.data()), header.length);
        out.push_back(std::move(a));
        any = true;
      }
      if (any) return true;
      const int64_t now = clock_.now_ns();
      if (now >= deadline_ns) return false;
      std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(kPoll, std::chrono::nanoseconds(deadline_ns - now)));
    }
  }

  std::size_t max_chunk_bytes() const override { return std::min(kLinkChunkBytes, max_event_bytes_.load()); }

  LinkInfo info() const override {
    LinkInfo info;
    info.kind = "jack";
    info.api = "jack";
    info.out = out_name_;
    info.in = in_name_;
    info.timestamps = TimestampSource::jack_frame;
    info.resolution_ns = static_cast<int64_t>(1e9 / sample_rate_ + 0.5);
    info.host_delay_ns = host_delay_ns_;
    info.period_frames = period_frames_;
    info.sample_rate = sample_rate_;
    return info;
  }

  int64_t lead_ns() const override { return lookahead_ns(); }
  void start_schedule() override { starting_schedule_ = true; }

  HostCounters host_counters() const override {
    return {client_.xruns(), bytes_lost_.load(), sends_deferred_.load()};
  }

 private:
  int64_t lookahead_ns() const {
    return 2 * static_cast<int64_t>(1e9 * period_frames_ / sample_rate_) + 2'000'000;
  }

  void check_server() const {
    if (client_.shut_down()) {
      const std::string reason = client_.shutdown_reason();
      throw LinkError("the JACK server stopped taking data (" + (reason.empty() ? std::string("it shut down") : reason) +
                      "); start it again and re-run");
    }
  }

  void connect(const std::string& from, const std::string& to) {
    const int status = jack_connect(client_.get(), from.c_str(), to.c_str());
    if (status != 0 && status != EEXIST) {
      throw LinkError("cannot connect JACK port '" + from + "' to '" + to + "'; check that both still exist ('midiloop list --api jack')");
    }
  }

  // The host's own share of a round trip. Ports of a device (physical) report their latency;
  // a loop through other clients is a cycle in the JACK graph, which JACK runs once per period, so
  // whatever comes back is read one period after it was written, whichever client runs first.
  int64_t measure_host_delay() const {
    const double frame_ns = 1e9 / sample_rate_;
    jack_latency_range_t playback{}, capture{};
    jack_port_get_latency_range(out_port_, JackPlaybackLatency, &playback);
    uint32_t frames = playback.max;
    bool physical = false;
    if (jack_port_t* far = jack_port_by_name(client_.get(), out_name_.c_str())) {
      physical = physical || (jack_port_flags(far) & JackPortIsPhysical);
    }
    if (in_port_) {
      jack_port_get_latency_range(in_port_, JackCaptureLatency, &capture);
      frames += capture.max;
      if (jack_port_t* far = jack_port_by_name(client_.get(), in_name_.c_str())) {
        physical = physical || (jack_port_flags(far) & JackPortIsPhysical);
      }
    }
    if (!physical) frames += period_frames_;
    return static_cast<int64_t>(frames * frame_ns + 0.5);
  }

  // JACK's process thread: no allocation, no lock, no wait.
  static int process(jack_nframes_t frames, void* self_ptr) {
    auto* self = static_cast<JackLink*>(self_ptr);
    const jack::Cycle cycle = self->client_.cycle(frames);
    self->write_sends(cycle, jack_port_get_buffer(self->out_port_, frames));
    if (self->in_port_) self->read_arrivals(cycle, jack_port_get_buffer(self->in_port_, frames));
    return 0;
  }

  void write_sends(const jack::Cycle& cycle, void* buffer) {
    jack_midi_clear_buffer(buffer);
    max_event_bytes_ = jack_midi_max_event_size(buffer);
    // A token bucket for the rate ceiling: a cycle's worth of bytes, and never more saved up than
    // that and one chunk. A send goes when the budget covers it (or, larger than a full budget,
    // when the budget is full); otherwise it and the rest wait for a cycle with budget.
    const double cycle_bytes = max_bytes_per_second_ * static_cast<double>(cycle.end_ns() - cycle.start_ns) / 1e9;
    const double full_budget = cycle_bytes + static_cast<double>(kLinkChunkBytes);
    budget_bytes_ = std::min(budget_bytes_ + cycle_bytes, full_budget);
    uint32_t last_frame = 0;
    SendHeader header{};
    while (jack_ringbuffer_read_space(sends_.get()) >= sizeof header) {
      jack_ringbuffer_peek(sends_.get(), reinterpret_cast<char*>(&header), sizeof header);
      // The sender writes the header, then the bytes: wait for the bytes too.
      if (jack_ringbuffer_read_space(sends_.get()) < sizeof header + header.length) break;
      const double length = header.length;
      if (budget_bytes_ < length && (budget_bytes_ < full_budget || length <= full_budget)) break;
      if (header.at_ns >= cycle.end_ns()) break;  // a later cycle's
      // A send that left late pushes the next ones of its schedule back as far, so the gaps the
      // pacing asked for hold (a gap squeezed by the host would overflow a small FIFO: the host's
      // doing, blamed on the interface). A new schedule (a new test) starts on time again.
      if (header.starts_schedule) shift_ns_ = 0;
      const int64_t at_ns = header.at_ns + shift_ns_;
      if (at_ns >= cycle.end_ns()) break;
      // Events of a cycle must be in time order; a send already due goes at the cycle's start.
      const uint32_t frame = std::max(last_frame, std::min(cycle.frame_of(at_ns), cycle.frames - 1));
      jack_midi_data_t* into = jack_midi_event_reserve(buffer, frame, header.length);
      if (!into) {
        // The port buffer is full for this cycle: the rest waits for the next (never dropped).
        ++sends_deferred_;
        break;
      }
      jack_ringbuffer_read_advance(sends_.get(), sizeof header);
      jack_ringbuffer_read(sends_.get(), reinterpret_cast<char*>(into), header.length);
      budget_bytes_ -= header.length;
      const int64_t left = cycle.time_of(frame);
      // Up to a frame late is the frame grid, not the host; only more shifts the schedule.
      if (left - at_ns > static_cast<int64_t>(cycle.frame_ns)) shift_ns_ += left - at_ns;
      jack_ringbuffer_write(left_.get(), reinterpret_cast<const char*>(&left), sizeof left);
      last_frame = frame;
    }
  }

  void read_arrivals(const jack::Cycle& cycle, void* buffer) {
    const uint32_t count = jack_midi_get_event_count(buffer);
    for (uint32_t k = 0; k < count; ++k) {
      jack_midi_event_t event;
      if (jack_midi_event_get(&event, buffer, k) != 0) continue;
      const ArrivalHeader header{cycle.time_of(event.time), static_cast<uint32_t>(event.size)};
      if (jack_ringbuffer_write_space(arrivals_.get()) < sizeof header + event.size) {
        bytes_lost_ += event.size;  // the reader fell behind: the host's loss, counted as such
        continue;
      }
      jack_ringbuffer_write(arrivals_.get(), reinterpret_cast<const char*>(&header), sizeof header);
      jack_ringbuffer_write(arrivals_.get(), reinterpret_cast<const char*>(event.buffer), event.size);
    }
  }

  SteadyClock& clock_;
  jack::Client client_;
  Ring sends_, arrivals_, left_;
  jack_port_t* out_port_ = nullptr;
  jack_port_t* in_port_ = nullptr;
  std::string out_name_, in_name_;
  uint32_t period_frames_ = 0, sample_rate_ = 48000;
  int64_t host_delay_ns_ = 0;
  uint64_t sends_queued_ = 0, sends_reported_ = 0;
  std::atomic<std::size_t> max_event_bytes_{kLinkChunkBytes};
  double max_bytes_per_second_;
  double budget_bytes_ = 0;  // process thread only
  int64_t shift_ns_ = 0;  // process thread only: how late the current schedule runs
  bool starting_schedule_ = false;  // engine thread only
  std::atomic<uint64_t> bytes_lost_{0}, sends_deferred_{0};
};

}  // namespace

JackPorts list_jack_ports() {
  JackPorts ports;
  if (ports.problem = jack::server_problem(); !ports.problem.empty()) return ports;
  try {
    SteadyClock clock;
    jack::Client client("midiloop-list", clock);
    ports.outputs = client.midi_ports(true);
    ports.inputs = client.midi_ports(false);
    if (ports.outputs.empty() && ports.inputs.empty()) ports.problem = "no JACK MIDI ports of other programs";
  } catch (const LinkError& e) {
    ports.problem = e.what();
  }
  return ports;
}

std::unique_ptr<Link> open_jack_link(const JackLinkOptions& options, SteadyClock& clock) {
  return std::make_unique<JackLink>(options, clock);
}

}  // namespace midiloop
