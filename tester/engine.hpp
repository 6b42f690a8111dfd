#pragma once
// Sends a case with its pacing, records when each chunk really left, and captures what comes
// back with timestamps until everything is back or an idle deadline derived from the wire passes.
// The only code that touches time and ports.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "patterns/suite.hpp"
#include "tester/clock.hpp"
#include "tester/link.hpp"

namespace midiloop {

struct ChunkRecord {
  uint32_t offset = 0;  // into Capture::sent
  uint32_t length = 0;
  int64_t requested_ns = 0;  // when the pacing wanted it to leave
  int64_t started_ns = 0;    // when it really left the host (Link::take_left_times)
  int64_t finished_ns = 0;   // when the host took it (later under back-pressure; earlier on a link that schedules)
};

// What the engine sends when bytes are missing: after a test's messages (Engine::run) and after a
// probe that did not come back whole (Engine::probe). A lone F7 ends a SysEx whose F7 was lost
// wherever its bytes are held (an interface's partial USB packet, a host that hands a SysEx over
// only at its F7), within the test; then the shortest complete SysEx there is, non-commercial (0x7D:
// no instrument acts on it), whose return shows the loop is still there. One send of 4 bytes: WinMM
// sends 3 bytes or fewer with midiOutShortMsg, which never sends a SysEx fragment (rtmidi#373);
// alsa-lib makes no event of the lone F7 but sends the rest; and F0 7D F7 is one USB-MIDI packet
// (CIN 7), so even an interface that takes one packet per transfer passes it whole.
inline constexpr std::array<uint8_t, 4> kFlushBytes = {0xF7, 0xF0, 0x7D, 0xF7};

struct FlushRecord {
  int64_t requested_ns = 0;
  int64_t started_ns = 0;        // when it left the host (Link::take_left_times)
  int64_t finished_ns = 0;       // when the host took it
  uint64_t host_bytes_lost = 0;  // of the flush itself, while the host took it (alsa-lib's lone F7)
};

struct Capture {
  std::vector<uint8_t> sent;  // every message, in the order sent (never a flush)
  std::vector<std::size_t> message_offsets;
  std::vector<ChunkRecord> chunks;  // of the messages (never a flush)
  // The flushes sent (kFlushBytes), in order: none when everything came back. Their answers are in
  // `arrivals`; arrivals_for_test() leaves them out.
  std::vector<FlushRecord> flushes;
  std::vector<Arrival> arrivals;  // those within 20 ms of each other merged (never across a flush), with the later time
  std::vector<int64_t> probe_latency_ns;  // probes only: one per probe, -1 when it did not return
  int64_t end_ns = 0;                     // when the capture stopped listening
  int64_t resolution_ns = 1;              // of the link's times: the allowance for every timing judgement
  int64_t host_delay_ns = 0;              // the host's share of a round trip (Link's info)
  bool interrupted = false;
  bool flushed() const { return !flushes.empty(); }
};

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
  std::function<bool()> should_stop;                             // polled at least every 50 ms
  std::function<void(std::size_t done, std::size_t total)> progress;  // bytes sent so far
};

class Engine {
 public:
  Engine(Link& link, Clock& clock, EngineOptions options);

  Capture run(const std::vector<std::vector<uint8_t>>& messages, const Pacing& pacing);
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

  double wire_speed() const { return options_.wire_speed; }
  int64_t resolution_ns() const { return resolution_ns_; }
  int64_t host_delay_ns() const { return host_delay_ns_; }

 private:
  bool stop_requested() const { return options_.should_stop && options_.should_stop(); }
  void send_chunk(Capture& capture, std::size_t offset, std::size_t length, int64_t requested_ns);
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
    std::size_t index;
  };
  std::deque<PendingLeft> left_pending_;
  int64_t resolution_ns_ = 1;     // of the link's times
  int64_t host_delay_ns_ = 0;     // the host's share of a round trip, taken off latencies
  std::vector<int64_t> left_;
};

std::size_t bytes_in(const std::vector<Arrival>& arrivals);

// The arrivals without the flushes' answers, which are not the test's: of what came back after each
// flush left (and before the next send), the last F0 7D F7, and the F7 just before it (without an
// F0 7D F7, the last byte if it is an F7). Whatever else came back then was held for want of an F7,
// so that F7 is the flush's even when it ends a SysEx: the test's message stays without its end,
// as the interface left it. Times are kept; arrivals left empty go.
std::vector<Arrival> arrivals_for_test(const Capture& capture);

// The host's counters as they bear on a test: less what the host lost of the flushes themselves,
// which says nothing about the test (alsa-lib makes no event of the lone F7).
HostCounters counters_for_test(HostCounters counters, const Capture& capture);

}  // namespace midiloop
