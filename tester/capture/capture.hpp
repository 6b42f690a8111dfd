#pragma once
// What one test recorded: the bytes sent and when each chunk left, what came back and when, and
// what the host did meanwhile. The engine writes it; analysis reads it and nothing else.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

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
  std::vector<uint32_t> message_offsets;  // where each message starts in `sent`
  // Of the messages (never a flush); empty when the engine was asked not to keep them (a .syx file
  // of millions of messages would need 32 bytes each).
  std::vector<ChunkRecord> chunks;
  uint64_t bytes_handed = 0;  // of `sent`, what the host took, kept or not
  // The flushes sent (kFlushBytes), in order: none when everything came back. Their answers are in
  // `arrivals`; arrivals_for_test() leaves them out.
  std::vector<FlushRecord> flushes;
  std::vector<Arrival> arrivals;  // those within 20 ms of each other merged (never across a flush), with the later time
  std::vector<int64_t> probe_latency_ns;  // probes only: one per probe, -1 when it did not return
  int64_t end_ns = 0;                     // when the capture stopped listening
  // When the first chunk of `sent` left the host (-1: none left), and when its last byte had had its
  // wire time after every byte before it: the drain point, when nothing is left in the interface.
  int64_t first_left_ns = -1;
  int64_t last_left_ns = 0;  // when the last chunk of `sent` left the host
  int64_t drained_ns = 0;
  int64_t resolution_ns = 1;              // of the link's times: the allowance for every timing judgement
  int64_t host_delay_ns = 0;              // the host's share of a round trip (Link's info)
  bool interrupted = false;
  bool flushed() const { return !flushes.empty(); }
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
