#include "tester/analysis/case_analysis.hpp"

#include <algorithm>
#include <cstdio>

#include "patterns/framing.hpp"
#include "patterns/midi_stream.hpp"
#include "patterns/wire.hpp"
#include "tester/analysis/alignment.hpp"

namespace midiloop {
namespace {

constexpr std::size_t kDumpContext = 8;

// Bytes around `at`, the byte at `at` in brackets.
std::string hex_around(std::span<const uint8_t> bytes, std::size_t at) {
  std::string out;
  const std::size_t begin = at > kDumpContext ? at - kDumpContext : 0;
  const std::size_t end = std::min(bytes.size(), at + kDumpContext + 1);
  char buf[8];
  for (std::size_t k = begin; k < end; ++k) {
    std::snprintf(buf, sizeof buf, k == at ? "[%02X]" : "%02X", bytes[k]);
    if (!out.empty()) out += ' ';
    out += buf;
  }
  if (at >= bytes.size()) out += out.empty() ? "[end]" : " [end]";
  return out;
}

// A header whose F0 was lost, found inside another message: the two have merged.
std::optional<FrameHeader> header_without_start(std::span<const uint8_t> bytes, std::size_t at) {
  if (at + kHeaderBytes - 1 > bytes.size()) return std::nullopt;
  uint8_t buf[kHeaderBytes];
  buf[0] = kSysExStart;
  std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), kHeaderBytes - 1, buf + 1);
  return parse_header(buf);
}

// The bytes without the realtime ones: MIDI 1.0 lets realtime sit anywhere, even inside a SysEx,
// and it is no part of the SysEx's data.
std::vector<uint8_t> without_realtime(std::span<const uint8_t> bytes) {
  std::vector<uint8_t> out;
  out.reserve(bytes.size());
  for (uint8_t b : bytes) {
    if (!is_realtime(b)) out.push_back(b);
  }
  return out;
}

// Messages are judged on their SysEx bytes alone: a clock byte that came back outside the message
// it was sent in, or not at all, makes it neither truncated nor longer (RealtimeCounts says what
// happened to it).
void classify_messages(uint32_t test_id, const Capture& capture,
                       std::span<const uint8_t> received, ErrorCounts& errors) {
  const std::size_t count = capture.message_offsets.size();
  const std::span<const uint8_t> sent(capture.sent);
  auto sent_length = [&](std::size_t seq) {
    const std::size_t end = seq + 1 < count ? capture.message_offsets[seq + 1] : capture.sent.size();
    const auto message = sent.subspan(capture.message_offsets[seq], end - capture.message_offsets[seq]);
    return static_cast<std::size_t>(std::count_if(message.begin(), message.end(), [](uint8_t b) { return !is_realtime(b); }));
  };
  std::vector<uint32_t> seen(count, 0);
  auto known = [&](const std::optional<FrameHeader>& h) { return h && h->test_id == test_id && h->sequence < count; };
  for (const ReceivedMessage& m : split_sysex(received)) {
    const std::vector<uint8_t> message = without_realtime(received.subspan(m.offset, m.length));
    const auto header = parse_header(message);
    if (!known(header)) continue;
    if (seen[header->sequence]++ > 0) ++errors.messages_duplicated;
    const std::size_t expected = sent_length(header->sequence);
    if (!m.terminated || message.size() < expected) {
      ++errors.messages_truncated;
    } else if (message.size() > expected) {
      bool merged = false;
      for (std::size_t k = kHeaderBytes; k + 1 < message.size(); ++k) {
        if (message[k] != kNonCommercialId || message[k + 1] != kFormatTag) continue;
        const auto inner = header_without_start(message, k);
        if (!known(inner)) continue;
        ++seen[inner->sequence];
        merged = true;
      }
      if (merged) ++errors.messages_merged; else ++errors.messages_corrupted;
    } else {
      if (!payload_intact(message)) ++errors.messages_corrupted;
    }
  }
  errors.messages_missing = static_cast<uint64_t>(std::count(seen.begin(), seen.end(), 0U));
}

// A stream with its realtime bytes taken apart from the rest, offsets kept.
struct Apart {
  std::vector<uint8_t> other, realtime;
  std::vector<std::size_t> other_at;  // offsets of the other bytes in the original stream
  // For each realtime byte sent inside a SysEx: how many other bytes came before it, i.e. it sat
  // just before other[p]. Ascending.
  std::vector<std::size_t> in_sysex_before;
};

Apart take_apart(std::span<const uint8_t> s) {
  Apart out;
  bool inside = false;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const uint8_t b = s[k];
    if (is_realtime(b)) {
      out.realtime.push_back(b);
      if (inside) out.in_sysex_before.push_back(out.other.size());
      continue;
    }
    if (b == kSysExStart) inside = true;
    else if (is_status(b)) inside = false;
    out.other.push_back(b);
    out.other_at.push_back(k);
  }
  return out;
}

// Realtime bytes may sit anywhere, and USB-MIDI moves them: a class-compliant host or device sends
// one at once (CIN 0xF) ahead of up to two SysEx bytes still waiting to fill a packet. And they are
// not SysEx data: a firmware transfer arrives intact or not whatever happens to a clock byte sent
// amid it. So the SysEx (and channel) bytes are aligned without the realtime ones, and judged on
// that alone; the realtime bytes are aligned as a sequence of their own, only so that the timing
// counts them among the bytes that crossed the wire. Offsets are reported in the streams as they
// were.
struct Aligned {
  Alignment sysex;     // every byte but realtime; first error offsets in the original streams
  Alignment realtime;  // the realtime bytes alone
  Apart sent, received;  // empty when neither stream holds a realtime byte
};

Aligned align_with_realtime_apart(std::span<const uint8_t> sent, std::span<const uint8_t> received) {
  Aligned out;
  auto has_realtime = [](std::span<const uint8_t> s) { return std::any_of(s.begin(), s.end(), is_realtime); };
  if (!has_realtime(sent) && !has_realtime(received)) {
    out.sysex = align_streams(sent, received);
    return out;
  }
  out.sent = take_apart(sent);
  out.received = take_apart(received);
  out.sysex = align_streams(out.sent.other, out.received.other);
  out.realtime = align_streams(out.sent.realtime, out.received.realtime);
  auto original = [](const std::vector<std::size_t>& at, std::size_t index, std::size_t size) {
    return index < at.size() ? at[index] : size;
  };
  if (out.sysex.first_error_sent) {
    out.sysex.first_error_sent = original(out.sent.other_at, *out.sysex.first_error_sent, sent.size());
    out.sysex.first_error_received = original(out.received.other_at, *out.sysex.first_error_received, received.size());
  }
  return out;
}

// Where a realtime byte was, relative to the test's SysEx messages.
struct RealtimePlace {
  uint8_t value = 0;
  bool inside = false;              // inside a SysEx
  std::optional<uint32_t> message;  // the sequence number of that SysEx, when its header is intact
  std::size_t at = 0;               // that SysEx's other bytes before it, F0 included
};

std::vector<RealtimePlace> realtime_places(std::span<const uint8_t> stream, uint32_t test_id) {
  std::vector<RealtimePlace> places;
  const std::vector<ReceivedMessage> messages = split_sysex(stream);
  std::size_t m = 0, at = 0;
  std::optional<uint32_t> sequence;
  for (std::size_t k = 0; k < stream.size(); ++k) {
    while (m < messages.size() && messages[m].offset + messages[m].length <= k) ++m;
    const bool inside = m < messages.size() && messages[m].offset <= k;
    if (inside && messages[m].offset == k) {  // its F0
      at = 0;
      const auto header = parse_header(stream.subspan(k, messages[m].length));
      sequence = header && header->test_id == test_id ? std::optional<uint32_t>(header->sequence) : std::nullopt;
    }
    if (!is_realtime(stream[k])) {
      at += inside;
      continue;
    }
    places.push_back({stream[k], inside, inside ? sequence : std::nullopt, at});
  }
  return places;
}

// What happened to the realtime bytes. Each one sent is matched, in order, with the next one of
// the same value that came back; a realtime byte sent inside a SysEx that came back outside any,
// in another message, later, or more than kRealtimeShiftAllowed bytes earlier, was moved. Inside a
// SysEx whose header was damaged, where it belongs cannot be told: not counted as moved.
RealtimeCounts count_realtime(std::span<const uint8_t> sent, std::span<const uint8_t> received, uint32_t test_id) {
  const std::vector<RealtimePlace> want = realtime_places(sent, test_id), got = realtime_places(received, test_id);
  RealtimeCounts c;
  c.sent = want.size();
  c.received = got.size();
  uint64_t matched = 0;
  std::size_t next = 0;
  for (const RealtimePlace& w : want) {
    std::size_t look = next;
    while (look < got.size() && got[look].value != w.value) ++look;
    if (look == got.size()) continue;
    const RealtimePlace& g = got[look];
    next = look + 1;
    ++matched;
    const bool elsewhere = g.message && (*g.message != *w.message || g.at > w.at || w.at - g.at > kRealtimeShiftAllowed);
    if (w.message && (!g.inside || elsewhere)) ++c.moved;
  }
  c.lost = c.sent - matched;
  c.added = c.received - matched;
  return c;
}

struct RealtimeDamage {
  uint64_t ended = 0;
  uint64_t damaged = 0;
};

// Whether every difference between the SysEx bytes sent and those received lies where a realtime
// byte was sent inside a SysEx, and if so how many SysEx it ended there and how many it damaged.
// `sent` and `got` are the streams without their realtime bytes; `realtime_before` says where the
// realtime bytes were (Apart::in_sysex_before). The interface meets a realtime byte up to
// kRealtimeShiftAllowed bytes before its place (USB moves it ahead), so a difference that begins
// there is its doing. Each realtime byte explains one place at most:
// - ended: the received SysEx stops there (an F7 added, or the next F0, or nothing more) and the
//   rest of it is lost, or comes back as stray data bytes and perhaps its own F7;
// - damaged: a few bytes there are lost, added or changed, and the streams agree again after.
// Anything else (a difference away from realtime, a message missing) is damage of its own:
// nullopt. Linear in the streams: equal runs are walked, each edit tried within a few bytes.
std::optional<RealtimeDamage> damage_at_realtime(std::span<const uint8_t> sent, std::span<const uint8_t> got,
                                                 const std::vector<std::size_t>& realtime_before) {
  constexpr std::size_t kAgree = 8;  // bytes that must agree after an edit
  constexpr std::size_t kShift = kRealtimeShiftAllowed;
  auto agree = [&](std::size_t i, std::size_t j) {
    const std::size_t n = std::min(kAgree, sent.size() - i);
    return n == std::min(kAgree, got.size() - j) &&
           std::equal(sent.begin() + static_cast<std::ptrdiff_t>(i), sent.begin() + static_cast<std::ptrdiff_t>(i + n),
                      got.begin() + static_cast<std::ptrdiff_t>(j));
  };
  std::size_t next_realtime = 0;  // realtime bytes before this one have explained a place already
  auto realtime_near = [&](std::size_t i) {
    const auto from = realtime_before.begin() + static_cast<std::ptrdiff_t>(next_realtime);
    const auto it = std::lower_bound(from, realtime_before.end(), i);
    if (it == realtime_before.end() || *it - i > kShift) return false;
    next_realtime = static_cast<std::size_t>(it - realtime_before.begin()) + 1;
    return true;
  };
  RealtimeDamage d;
  std::size_t i = 0, j = 0;
  while (i < sent.size() || j < got.size()) {
    if (i < sent.size() && j < got.size() && sent[i] == got[j]) {
      ++i;
      ++j;
      continue;
    }
    if (i == sent.size() || !realtime_near(i)) return std::nullopt;
    if (!is_status(sent[i]) && (j == got.size() || got[j] == kSysExEnd || got[j] == kSysExStart)) {
      const std::size_t rest_from = i;
      while (i < sent.size() && sent[i] != kSysExEnd) ++i;
      const std::size_t rest = i - rest_from;
      if (i < sent.size()) ++i;  // the F7 it was sent with
      if (j < got.size() && got[j] == kSysExEnd) {
        ++j;
        for (std::size_t stray = 0; j < got.size() && !is_status(got[j]); ++stray, ++j) {
          if (stray == rest) return std::nullopt;  // more than the rest of the SysEx
        }
        // Its own F7, passed on after the stray bytes; unless that F7 is the one sent next.
        if (j < got.size() && got[j] == kSysExEnd && !agree(i, j) && agree(i, j + 1)) ++j;
      }
      ++d.ended;
      continue;
    }
    bool resynced = false;
    for (std::size_t cost = 1; cost <= 2 * kShift && !resynced; ++cost) {
      for (std::size_t di = cost > kShift ? cost - kShift : 0; di <= std::min(cost, kShift) && !resynced; ++di) {
        const std::size_t dj = cost - di;
        if (i + di <= sent.size() && j + dj <= got.size() && agree(i + di, j + dj)) {
          i += di;
          j += dj;
          resynced = true;
        }
      }
    }
    if (!resynced) return std::nullopt;
    ++d.damaged;
  }
  return d;
}

// How many bytes at the start of a test's capture belong to an earlier test: data bytes before
// any status (a device handing over the rest of a SysEx whose F7 was lost, once the next message
// pushes it out), and unterminated SysEx whose header names another test (RtMidi's JACK input
// keeps a SysEx without F7 and prepends it to the next message).
std::size_t carried_over(std::span<const uint8_t> stream, uint32_t test_id) {
  std::size_t p = 0;
  // The answer to an earlier test's flush (kFlushBytes: F7, then F0 7D F7) that came back late,
  // after that test stopped listening: a lone F7 or a headerless F0 7D F7 is never a test message.
  auto skip_flush_answer = [&] {
    while (true) {
      if (p < stream.size() && stream[p] == kSysExEnd) {
        ++p;
      } else if (p + 2 < stream.size() && stream[p] == kFlushBytes[1] && stream[p + 1] == kFlushBytes[2] &&
                 stream[p + 2] == kFlushBytes[3]) {
        p += 3;
      } else {
        return;
      }
    }
  };
  while (p < stream.size() && !is_status(stream[p])) ++p;
  skip_flush_answer();
  while (p < stream.size() && stream[p] == kSysExStart) {
    const auto header = parse_header(stream.subspan(p));
    if (!header || header->test_id == test_id) break;
    std::size_t end = p + 1;
    while (end < stream.size() && (!is_status(stream[end]) || is_realtime(stream[end]))) ++end;
    if (end < stream.size() && stream[end] == kSysExEnd) break;  // a whole message: not carried over
    p = end;
    skip_flush_answer();
  }
  return p;
}


// When each received byte arrived: arrivals are kept as (end offset in the stream, time).
class ArrivalTimes {
 public:
  ArrivalTimes(const std::vector<Arrival>& arrivals, std::size_t skipped) {
    std::size_t end = 0;
    for (const auto& a : arrivals) {
      end += a.bytes.size();
      if (end > skipped) ends_.push_back({end - skipped, a.t_ns});
    }
  }
  int64_t at(std::size_t offset) const {
    auto it = std::upper_bound(ends_.begin(), ends_.end(), offset,
                               [](std::size_t o, const std::pair<std::size_t, int64_t>& e) { return o < e.first; });
    return it == ends_.end() ? INT64_MAX : it->second;
  }

 private:
  std::vector<std::pair<std::size_t, int64_t>> ends_;
};

// Achieved pacing, throughput and the two signs of a loop that did not cross a DIN cable. Every
// time is the host's (a JACK frame, an API timestamp), with the link's resolution as allowance.
// `arrivals` are the test's (arrivals_for_test): `received` is their bytes, less those carried over.
void time_case(const Capture& capture, const std::vector<Arrival>& arrivals, std::span<const uint8_t> received,
               const Alignment& alignment, double wire_speed, uint32_t test_id, TestResult& r) {
  const auto left = [](const ChunkRecord& c) { return c.started_ns; };
  const auto taken = [](const ChunkRecord& c) { return std::max(c.started_ns, c.finished_ns); };
  const int64_t first_ns = left(capture.chunks.front());
  const int64_t sending_ns = taken(capture.chunks.back()) - first_ns;
  if (sending_ns > 0) r.achieved.offered_bps = static_cast<double>(r.bytes_sent) * 1e9 / static_cast<double>(sending_ns);
  std::vector<double> errors_us;
  for (std::size_t k = 1; k < capture.chunks.size(); ++k) {
    const auto& c = capture.chunks[k];
    // Only chunks the pacing held back: one sent the moment the previous was taken cannot be early.
    if (c.requested_ns > taken(capture.chunks[k - 1])) {
      errors_us.push_back(static_cast<double>(c.started_ns - c.requested_ns) / 1e3);
    }
  }
  r.achieved.chunks = static_cast<uint32_t>(capture.chunks.size());
  r.achieved.start_error_p50_us = percentile(errors_us, 0.50);
  r.achieved.start_error_p99_us = percentile(errors_us, 0.99);

  // Timing covers what came back before the first flush (waiting for a flush is not the loop), and
  // only bytes that crossed the wire: not inserted ones, which were made up after it, and counted
  // at their shortest, as the interface may have sent them in running status.
  const int64_t flush_ns = capture.flushed() ? capture.flushes.front().started_ns : INT64_MAX;
  const double crossed_share =
      received.empty() ? 0.0
                       : static_cast<double>(std::min<uint64_t>(alignment.matched + alignment.corrupted, received.size())) /
                             static_cast<double>(received.size()) *
                             static_cast<double>(wire_length_with_running_status(received)) /
                             static_cast<double>(received.size());
  const double resolution_ns = static_cast<double>(std::max<int64_t>(capture.resolution_ns, 1));
  const double wire_bps = kWireBytesPerSecond * wire_speed * kWireTolerance;
  int64_t first_arrival_ns = -1, last_ns = -1;
  uint64_t first_bytes = 0;  // bytes of the first arrival
  uint64_t later_bytes = 0;  // bytes that arrived after it, up to the last one
  std::size_t later_from = 0, later_to = 0;  // where those are in `received`
  std::size_t skipped = r.carried_over_bytes;
  std::size_t at = 0;  // where the arrival's bytes are in `received`
  for (const auto& a : arrivals) {
    if (a.t_ns >= flush_ns) break;
    std::size_t n = a.bytes.size();
    const std::size_t skip = std::min(skipped, n);
    skipped -= skip;
    n -= skip;
    if (n == 0) continue;
    at += n;
    if (first_arrival_ns < 0) {
      // A host may hand a realtime byte over the moment it arrives, ahead of SysEx bytes that
      // crossed before it and are still being collected (WinMM's buffers, the ALSA sequencer's
      // 256-byte events), so an arrival that ends with one may be followed by bytes older than
      // it: the span starts at the first arrival that ends with another byte.
      if (is_realtime(a.bytes.back())) continue;
      first_arrival_ns = a.t_ns;
      first_bytes = n;
      later_from = at;
    } else {
      later_bytes += n;
    }
    later_to = at;
    last_ns = a.t_ns;
  }
  if (last_ns >= 0) {
    r.duration_ms = static_cast<double>(last_ns - first_ns) / 1e6;  // first byte sent to last byte back
    // Throughput: every byte that crossed, over the time from the first byte leaving to the last
    // coming back, less the host's own share of that time.
    const double took_ns = static_cast<double>(last_ns - first_ns - capture.host_delay_ns);
    const double crossed_all = static_cast<double>(later_bytes + first_bytes) * crossed_share;
    if (took_ns > 0) {
      r.throughput_bps = crossed_all * 1e9 / took_ns;
      r.wire_share = r.throughput_bps / (kWireBytesPerSecond * wire_speed);
    }
    // The first sign of a loop that is not a DIN cable: bytes arriving faster than the wire can
    // carry them. Taken between arrivals, whatever the host's delay: bytes and times that belong
    // together. A USB interface hands bytes over in 1 ms frames, so a few may have crossed just
    // before the first arrival.
    const double span_ns = static_cast<double>(last_ns - first_arrival_ns);
    constexpr double kFrameSlackBytes = 4;
    // Counted at their own shortest: a host that joins SysEx (RtMidi on ALSA or JACK) may hand a
    // long run of it over in the first arrival, so a share taken over the whole stream would not
    // fit the bytes after it.
    const double crossed_later =
        later_bytes == 0 ? 0.0
                         : static_cast<double>(std::min<uint64_t>(alignment.matched + alignment.corrupted,
                                                                  received.size())) /
                               static_cast<double>(received.size()) *
                               static_cast<double>(
                                   wire_length_with_running_status(received.subspan(later_from, later_to - later_from)));
    if (crossed_later > (span_ns + resolution_ns) * wire_bps / 1e9 + kFrameSlackBytes) r.faster_than_wire = true;
  }
  // The second sign: no message can be back sooner than its own wire time after it left.
  const ArrivalTimes arrived(arrivals, r.carried_over_bytes);
  const std::size_t messages = capture.message_offsets.size();
  for (const ReceivedMessage& m : split_sysex(received)) {
    if (!m.terminated) continue;
    const auto header = parse_header(received.subspan(m.offset, m.length));
    if (!header || header->test_id != test_id || header->sequence >= messages) continue;
    const std::size_t start = capture.message_offsets[header->sequence];
    auto chunk = std::upper_bound(capture.chunks.begin(), capture.chunks.end(), start,
                                  [](std::size_t o, const ChunkRecord& c) { return o < c.offset; });
    if (chunk == capture.chunks.begin()) continue;
    const int64_t back_ns = arrived.at(m.offset + m.length - 1);
    if (back_ns == INT64_MAX) continue;
    const double trip_ns = static_cast<double>(back_ns - std::prev(chunk)->started_ns);
    if (trip_ns + resolution_ns < static_cast<double>(m.length) * 1e9 / wire_bps) r.faster_than_wire = true;
  }
}
}  // namespace

std::optional<ReceivedMessage> next_sysex(std::span<const uint8_t> stream, std::size_t& at) {
  bool inside = false;
  std::size_t start = 0;
  for (; at < stream.size(); ++at) {
    const uint8_t b = stream[at];
    if (is_realtime(b)) continue;
    if (b == kSysExStart) {
      if (inside) return ReceivedMessage{start, at - start, false};  // the next one starts here
      inside = true;
      start = at;
    } else if (b == kSysExEnd) {
      if (inside) {
        ++at;
        return ReceivedMessage{start, at - start, true};
      }
    } else if (is_status(b) && inside) {
      return ReceivedMessage{start, at - start, false};
    }
  }
  if (inside) return ReceivedMessage{start, at - start, false};
  return std::nullopt;
}

std::vector<ReceivedMessage> split_sysex(std::span<const uint8_t> stream) {
  std::vector<ReceivedMessage> messages;
  std::size_t at = 0;
  while (const auto message = next_sysex(stream, at)) messages.push_back(*message);
  return messages;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

TestResult analyze_case(const TestCase& test, uint32_t test_id, const Capture& capture, double wire_speed) {
  TestResult r;
  r.id = test.id;
  r.shape = test.shape;
  r.payload = test.payload;
  r.message_bytes = test.message_bytes;
  r.messages = static_cast<uint32_t>(capture.message_offsets.size());
  r.pacing = test.pacing;
  r.interrupted = capture.interrupted;

  // The test is judged on its own bytes: the flushes' answers are not among them.
  const std::vector<Arrival> arrivals = arrivals_for_test(capture);
  std::vector<uint8_t> received;
  received.reserve(bytes_in(arrivals));
  for (const auto& a : arrivals) received.insert(received.end(), a.bytes.begin(), a.bytes.end());
  r.carried_over_bytes = carried_over(received, test_id);
  received.erase(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(r.carried_over_bytes));
  r.bytes_sent = capture.sent.size();
  r.bytes_received = received.size();
  // When nothing of a probe came back, the flushes' answers still show the loop is there: a probe
  // whose every byte the interface or host lost is a failure, not a missing cable (NO_LOOP is
  // decided on the probe's bytes_received). Counted then, for the probe only.
  if (received.empty() && test.shape == Shape::probe) r.bytes_received = bytes_in(capture.arrivals) - bytes_in(arrivals);

  // SysEx integrity is judged on the SysEx bytes alone; realtime bytes are counted apart.
  const Aligned aligned = align_with_realtime_apart(capture.sent, received);
  const Alignment& sysex = aligned.sysex;
  r.errors.dropped = sysex.dropped;
  r.errors.inserted = sysex.inserted;
  r.errors.corrupted = sysex.corrupted;
  if (sysex.first_error_sent) {
    r.first_error_offset = *sysex.first_error_sent;
    r.first_error_sent_hex = hex_around(capture.sent, *sysex.first_error_sent);
    r.first_error_received_hex = hex_around(received, *sysex.first_error_received);
  }
  if (test.shape != Shape::running_status) classify_messages(test_id, capture, received, r.errors);
  if (!aligned.sent.realtime.empty() || !aligned.received.realtime.empty()) {
    r.realtime = count_realtime(capture.sent, received, test_id);
    if (r.errors.any() && !aligned.sent.in_sysex_before.empty()) {
      if (const auto d = damage_at_realtime(aligned.sent.other, aligned.received.other, aligned.sent.in_sysex_before)) {
        r.realtime.sysex_ended = d->ended;
        r.realtime.sysex_damaged = d->damaged;
      }
    }
  }
  // Every byte that crossed the wire, SysEx and realtime alike, for the timing below.
  Alignment alignment = sysex;
  alignment.matched += aligned.realtime.matched;
  alignment.corrupted += aligned.realtime.corrupted;

  if (!capture.chunks.empty()) time_case(capture, arrivals, received, alignment, wire_speed, test_id, r);

  if (test.shape == Shape::probe) {
    LatencyStats stats;
    std::vector<double> ms;
    for (int64_t ns : capture.probe_latency_ns) {
      if (ns >= 0) ms.push_back(static_cast<double>(ns) / 1e6);
    }
    stats.probes_sent = static_cast<uint32_t>(capture.probe_latency_ns.size());
    stats.probes_returned = static_cast<uint32_t>(ms.size());
    if (!ms.empty()) {
      stats.min_ms = *std::min_element(ms.begin(), ms.end());
      stats.max_ms = *std::max_element(ms.begin(), ms.end());
      stats.median_ms = percentile(ms, 0.5);
      stats.p99_ms = percentile(ms, 0.99);
    }
    r.latency = stats;
  }
  r.pass = !r.errors.any() && !r.interrupted;
  return r;
}

}  // namespace midiloop
