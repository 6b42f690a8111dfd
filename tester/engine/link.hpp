#pragma once
// The engine's only way to the interface: send bytes out, receive timestamped bytes back.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "patterns/timestamp_source.hpp"
#include "tester/capture/capture.hpp"

namespace midiloop {

// The largest send every link takes in one call, so a long SysEx leaves in chunks: RtMidi silently
// drops or refuses a single send above 16 KB on some hosts (docs/guide.md). A link may take less
// (a JACK port's largest event), never more.
inline constexpr std::size_t kLinkChunkBytes = 4096;

// What the host lets a link hand over in one send (docs/background.md §6). The engine cuts every
// message into sends within these (tester/engine/send_cuts.hpp), whatever the pacing asks.
struct SendLimits {
  std::size_t max_send = kLinkChunkBytes;  // the largest single send
  // The smallest send that holds a piece of a SysEx but not all of it: RtMidi on WinMM sends 3 bytes
  // or fewer with midiOutShortMsg, which never sends a SysEx fragment (thestk/rtmidi#373).
  std::size_t min_sysex_piece = 1;
  // A SysEx leaves in one send, whatever its length: RtMidi 5.0 and 6.0 on WinMM send a send that does
  // not start with F0 as a short message (more than 3 bytes: refused), so no piece after the first leaves.
  bool whole_sysex = false;
  bool operator==(const SendLimits&) const = default;
};

// What a link says of itself: which ports, how its times are taken and how fine they are.
struct LinkInfo {
  std::string kind;   // "rtmidi" or "emulated"
  std::string api;    // RtMidi API name, or "virtual"
  std::string out;    // port name
  std::string in;     // port name
  std::string model;  // emulated model with its parameters; empty for real ports
  std::optional<TimestampSource> timestamps;  // how arrival times are taken
  int64_t resolution_ns = 0;  // finest step of those times; every timing judgement allows for it
  // The host's own share of a round trip, removed from latency figures: a loop through JACK
  // clients is read back one period after it was written (the graph cannot run a cycle twice).
  int64_t host_delay_ns = 0;
  uint32_t period_frames = 0;  // JACK only
  uint32_t sample_rate = 0;    // JACK only
  std::string host_model;      // emulated host between midiloop and the model ("" for none)
  SendLimits sends;            // what one send may be; max_send also bounded by Link::max_chunk_bytes()
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

// What one send may be on `link` now: its host's limits (LinkInfo::sends), the largest within
// Link::max_chunk_bytes(), which a JACK port can make smaller. What the engine cuts within.
inline SendLimits send_limits_of(const Link& link) {
  SendLimits limits = link.info().sends;
  const std::size_t link_max = link.max_chunk_bytes();
  if (link_max < limits.max_send) limits.max_send = link_max;
  return limits;
}

}  // namespace midiloop
