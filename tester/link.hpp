#pragma once
// The engine's only way to the interface: send bytes out, receive timestamped bytes back.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/report.hpp"

namespace midiloop {

// Bytes that arrived together, stamped on the engine's clock with the time the host gives for
// them (a JACK frame, an ALSA/WinMM/CoreMIDI timestamp), never the time a callback happened to run.
struct Arrival {
  int64_t t_ns = 0;
  std::vector<uint8_t> bytes;
};

// What the host did to the data on its own, counted since the link was opened. None of it is the
// interface's doing: a test during which any of it grew is re-run, then marked host trouble.
struct HostCounters {
  uint64_t xruns = 0;               // cycles the host (JACK server or a client) missed
  uint64_t bytes_lost = 0;          // bytes the host dropped: an input ring that overflowed, a write refused
  uint64_t sends_deferred = 0;      // sends that did not fit a host buffer and waited a cycle (no loss)
  bool operator==(const HostCounters&) const = default;
};

// A port could not be opened, vanished, or the MIDI system failed. Carries what to try next.
class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Link {
 public:
  virtual ~Link() = default;
  // Hands bytes to the host, to leave at `at_ns` (the engine's clock) or as soon after as the host
  // can. A link that schedules (JACK) takes them ahead of time; others wait until `at_ns`. Returns
  // when the host has taken them: later than `at_ns` while the interface or host holds it back.
  virtual int64_t send(std::span<const uint8_t> bytes, int64_t at_ns) = 0;
  // Appends when each send not yet reported really left the host, in the order of the sends,
  // waiting until `deadline_ns` for those still queued. A link that cannot know reports the time
  // it handed them over.
  virtual void take_left_times(std::vector<int64_t>& out, int64_t deadline_ns) = 0;
  // Moves what has arrived into `out`, waiting until something has or `deadline_ns` (on the
  // engine's clock) passes. Returns whether anything was added.
  virtual bool receive(std::vector<Arrival>& out, int64_t deadline_ns) = 0;
  // The largest single send this link takes safely.
  virtual std::size_t max_chunk_bytes() const = 0;
  virtual LinkInfo info() const = 0;
  virtual HostCounters host_counters() const { return {}; }
  // How far ahead a send must be handed over to leave at its time (a JACK link queues two periods
  // ahead): a schedule starts this far in the future, so its first chunk is not late.
  virtual int64_t lead_ns() const { return 0; }
  // The sends that follow are a new schedule (a new test): a link that keeps a schedule's gaps when
  // a send leaves late starts afresh here.
  virtual void start_schedule() {}
};

}  // namespace midiloop
