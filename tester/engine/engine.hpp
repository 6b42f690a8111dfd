#pragma once
// Sends a case with its pacing, records when each chunk really left, and captures what comes
// back with timestamps until everything is back or an idle deadline derived from the wire passes.
// The only code that touches time and ports.
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "patterns/message_list.hpp"
#include "patterns/pacing.hpp"
#include "tester/capture/capture.hpp"
#include "tester/engine/clock.hpp"
#include "tester/engine/link.hpp"

namespace midiloop {

struct EngineOptions {
  double wire_speed = 1.0;  // the wire under test runs this many times faster than MIDI 1.0
  // Nothing arriving for this long, once the wire could have delivered everything, ends a capture.
  // Divided by wire_speed when the wire is faster, down to 60 ms.
  int64_t idle_ns = 250'000'000;
  // After everything expected is back, how long to keep listening for extra bytes.
  int64_t tail_ns = 50'000'000;
  // How long a probe may take beyond its wire time before it counts as lost.
  int64_t probe_timeout_ns = 1'000'000'000;
  // false when nothing comes back (send to an instrument): no capture after sending, and never a
  // flush into a device that is in the middle of an update.
  bool expect_echo = true;
  // With expect_echo false: run() returns only at the drain point (Capture::drained_ns), when the
  // last byte has had its wire time; a host still holds bytes when its last send call returns.
  // false: no ChunkRecord per chunk (a whole .syx file: rehearse, send), only Capture::bytes_handed.
  bool keep_chunks = true;
  std::function<bool()> should_stop;                             // polled at least every 50 ms
  std::function<void(std::size_t done, std::size_t total)> progress;  // bytes sent so far
  // With expect_echo false: every byte is with the host, and run() waits until `drained_ns`.
  std::function<void(int64_t drained_ns)> draining;
};

class Engine {
 public:
  Engine(Link& link, Clock& clock, EngineOptions options);

  Capture run(MessageList messages, const Pacing& pacing);
  // Sends each message alone and waits for it, measuring latency. A probe not back whole by its
  // deadline is followed by a flush (a host that joins SysEx until F7 holds one whose F7 was lost).
  // Stops after a probe when nothing at all has come back, not even a flush's answer.
  Capture probe(const std::vector<std::vector<uint8_t>>& messages);
  // Sends each message alone and waits until its own bytes are back: one round trip per message
  // in ns, -1 when it did not come back in time. Gives up after `give_up_after` lost in a row.
  struct RoundTrips {
    std::vector<int64_t> ns;
    bool interrupted = false;
  };
  RoundTrips round_trips(const std::vector<std::vector<uint8_t>>& messages, std::size_t give_up_after = 5);

  // Waits until `t_ns` on the engine's clock, looking at should_stop; false when stopped before.
  bool rest_until(int64_t t_ns);
  // Listens for `duration_ns` without sending (is anything on the line?): what arrived, with its
  // times. `interrupted` when should_stop ended it early.
  struct Heard {
    std::vector<Arrival> arrivals;
    bool interrupted = false;
  };
  Heard listen_quietly(int64_t duration_ns);

  // What one send may be on this link now (send_limits_of).
  SendLimits send_limits() const;
  // `pacing` as run() really sends it on this link (effective_pacing): what a report records.
  Pacing effective(const Pacing& pacing) const;

  double wire_speed() const { return options_.wire_speed; }
  int64_t resolution_ns() const { return resolution_ns_; }
  int64_t host_delay_ns() const { return host_delay_ns_; }

 private:
  bool stop_requested() const { return options_.should_stop && options_.should_stop(); }
  // Returns when the host took it (Link::send). `keep`: record it in capture.chunks.
  int64_t send_chunk(Capture& capture, std::size_t offset, std::size_t length, int64_t requested_ns, bool keep);
  // Waits for input until `until_ns` or until `enough` bytes have arrived; returns bytes received.
  std::size_t listen(Capture& capture, std::size_t enough, int64_t until_ns);
  void collect(Capture& capture, int64_t first_send_ns);
  void flush(Capture& capture);
  void start_capture(Capture& capture);
  void take_arrivals(Capture& capture, std::size_t first_new);
  void take_left_times(Capture& capture, int64_t deadline_ns);
  void settle_left_times(Capture& capture);

  static constexpr int64_t kCoalesceNs = 20'000'000;
  // How long to wait for a scheduling link to say when its last sends left: several host periods.
  static constexpr int64_t kSettleNs = 500'000'000;

  Link& link_;
  Clock& clock_;
  EngineOptions options_;
  std::size_t received_ = 0;
  std::size_t merge_floor_ = 0;  // arrivals before this index are not merged into
  int64_t group_start_ns_ = 0;   // time of the first arrival merged into the last one
  // The sends whose left time the link has not reported yet, in the order sent.
  struct PendingLeft {
    bool flush;         // capture.flushes[index], else capture.chunks[index]
    std::size_t index;  // kNotKept: a chunk whose record is not kept
    std::size_t length;  // bytes of the send, for the wire's drain
    int64_t handed_ns;   // when it was due or the host took it, whichever was later: its left time
                         // when the host never says
  };
  // A send left the host at `left_ns`: its bytes queue on the wire behind the ones before.
  void left_at(Capture& capture, const PendingLeft& sent, int64_t left_ns);
  static constexpr std::size_t kNotKept = SIZE_MAX;
  std::deque<PendingLeft> left_pending_;
  int64_t last_send_ns_ = 0;      // when the host took the last chunk of the current run, or it was due
  int64_t resolution_ns_ = 1;     // of the link's times
  int64_t host_delay_ns_ = 0;     // the host's share of a round trip, taken off latencies
  std::vector<int64_t> left_;
};

}  // namespace midiloop
