#include "tester/analysis.hpp"

#include <algorithm>
#include <cstdio>

#include "patterns/framing.hpp"
#include "patterns/midi_stream.hpp"
#include "patterns/wire.hpp"
#include "tester/alignment.hpp"

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

void classify_messages(uint32_t test_id, const Capture& capture,
                       std::span<const uint8_t> received, ErrorCounts& errors) {
  const std::size_t count = capture.message_offsets.size();
  auto sent_length = [&](std::size_t seq) {
    const std::size_t end = seq + 1 < count ? capture.message_offsets[seq + 1] : capture.messages_end;
    return end - capture.message_offsets[seq];
  };
  std::vector<uint32_t> seen(count, 0);
  auto known = [&](const std::optional<FrameHeader>& h) { return h && h->test_id == test_id && h->sequence < count; };
  for (const ReceivedMessage& m : split_sysex(received)) {
    const auto message = received.subspan(m.offset, m.length);
    const auto header = parse_header(message);
    if (!known(header)) continue;
    if (seen[header->sequence]++ > 0) ++errors.messages_duplicated;
    const std::size_t expected = sent_length(header->sequence);
    if (!m.terminated || m.length < expected) {
      ++errors.messages_truncated;
    } else if (m.length > expected) {
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

// Realtime bytes may sit anywhere, and USB-MIDI moves them: a class-compliant host or device sends
// one at once (CIN 0xF) ahead of up to two SysEx bytes still waiting to fill a packet. So the
// realtime bytes are aligned as a sequence of their own, the rest without them; offsets are
// reported in the streams as they were.
Alignment align_with_realtime_apart(std::span<const uint8_t> sent, std::span<const uint8_t> received) {
  auto has_realtime = [](std::span<const uint8_t> s) {
    return std::any_of(s.begin(), s.end(), [](uint8_t b) { return b >= 0xF8; });
  };
  if (!has_realtime(sent) && !has_realtime(received)) return align_streams(sent, received);
  struct Split {
    std::vector<uint8_t> other, realtime;
    std::vector<std::size_t> other_at, realtime_at;  // offsets in the original stream
  };
  auto split = [](std::span<const uint8_t> s) {
    Split out;
    for (std::size_t k = 0; k < s.size(); ++k) {
      (is_realtime(s[k]) ? out.realtime : out.other).push_back(s[k]);
      (is_realtime(s[k]) ? out.realtime_at : out.other_at).push_back(k);
    }
    return out;
  };
  const Split s = split(sent), r = split(received);
  const Alignment a = align_streams(s.other, r.other);
  const Alignment b = align_streams(s.realtime, r.realtime);
  Alignment out;
  out.matched = a.matched + b.matched;
  out.dropped = a.dropped + b.dropped;
  out.inserted = a.inserted + b.inserted;
  out.corrupted = a.corrupted + b.corrupted;
  auto original = [](const std::vector<std::size_t>& at, std::size_t index, std::size_t size) {
    return index < at.size() ? at[index] : size;
  };
  std::optional<std::size_t> sent_a, sent_b;
  if (a.first_error_sent) sent_a = original(s.other_at, *a.first_error_sent, sent.size());
  if (b.first_error_sent) sent_b = original(s.realtime_at, *b.first_error_sent, sent.size());
  if (sent_a && (!sent_b || *sent_a <= *sent_b)) {
    out.first_error_sent = sent_a;
    out.first_error_received = original(r.other_at, *a.first_error_received, received.size());
  } else if (sent_b) {
    out.first_error_sent = sent_b;
    out.first_error_received = original(r.realtime_at, *b.first_error_received, received.size());
  }
  return out;
}

// How many bytes at the start of a test's capture belong to an earlier test: data bytes before
// any status (a device handing over the rest of a SysEx whose F7 was lost, once the next message
// pushes it out), and unterminated SysEx whose header names another test (RtMidi's JACK input
// keeps a SysEx without F7 and prepends it to the next message).
std::size_t carried_over(std::span<const uint8_t> stream, uint32_t test_id) {
  std::size_t p = 0;
  while (p < stream.size() && !is_status(stream[p])) ++p;
  while (p < stream.size() && stream[p] == kSysExStart) {
    const auto header = parse_header(stream.subspan(p));
    if (!header || header->test_id == test_id) break;
    std::size_t end = p + 1;
    while (end < stream.size() && (!is_status(stream[end]) || is_realtime(stream[end]))) ++end;
    if (end < stream.size() && stream[end] == kSysExEnd) break;  // a whole message: not carried over
    p = end;
  }
  return p;
}

}  // namespace

std::vector<ReceivedMessage> split_sysex(std::span<const uint8_t> stream) {
  std::vector<ReceivedMessage> messages;
  bool inside = false;
  std::size_t start = 0;
  auto close = [&](std::size_t end, bool terminated) {
    messages.push_back({start, end - start, terminated});
    inside = false;
  };
  for (std::size_t p = 0; p < stream.size(); ++p) {
    const uint8_t b = stream[p];
    if (is_realtime(b)) continue;
    if (b == kSysExStart) {
      if (inside) close(p, false);
      inside = true;
      start = p;
    } else if (b == kSysExEnd) {
      if (inside) close(p + 1, true);
    } else if (is_status(b) && inside) {
      close(p, false);
    }
  }
  if (inside) close(stream.size(), false);
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
  r.shape = std::string(shape_name(test.shape));
  r.payload = std::string(payload_name(test.payload));
  r.message_bytes = test.message_bytes;
  r.messages = static_cast<uint32_t>(capture.message_offsets.size());
  r.pacing = test.pacing;
  r.interrupted = capture.interrupted;

  std::vector<uint8_t> received;
  received.reserve(bytes_in(capture.arrivals));
  for (const auto& a : capture.arrivals) received.insert(received.end(), a.bytes.begin(), a.bytes.end());
  r.carried_over_bytes = carried_over(received, test_id);
  received.erase(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(r.carried_over_bytes));
  r.bytes_sent = capture.sent.size();
  r.bytes_received = received.size();

  const Alignment alignment = align_with_realtime_apart(capture.sent, received);
  r.errors.dropped = alignment.dropped;
  r.errors.inserted = alignment.inserted;
  r.errors.corrupted = alignment.corrupted;
  if (alignment.first_error_sent) {
    r.first_error_offset = *alignment.first_error_sent;
    r.first_error_sent_hex = hex_around(capture.sent, *alignment.first_error_sent);
    r.first_error_received_hex = hex_around(received, *alignment.first_error_received);
  }
  if (test.shape != Shape::running_status) classify_messages(test_id, capture, received, r.errors);

  if (!capture.chunks.empty()) {
    const int64_t first_ns = capture.chunks.front().started_ns;
    const std::size_t message_chunks = capture.chunks.size() - (capture.flushed ? 1 : 0);
    const int64_t sending_ns = capture.chunks[std::max<std::size_t>(message_chunks, 1) - 1].finished_ns - first_ns;
    if (sending_ns > 0) r.achieved.offered_bps = static_cast<double>(r.bytes_sent) * 1e9 / static_cast<double>(sending_ns);
    std::vector<double> errors_us;
    for (std::size_t k = 1; k < capture.chunks.size(); ++k) {
      const auto& c = capture.chunks[k];
      if (c.requested_ns > capture.chunks[k - 1].finished_ns) {
        errors_us.push_back(static_cast<double>(c.started_ns - c.requested_ns) / 1e3);
      }
    }
    r.achieved.chunks = static_cast<uint32_t>(capture.chunks.size());
    r.achieved.start_error_p50_us = percentile(errors_us, 0.50);
    r.achieved.start_error_p99_us = percentile(errors_us, 0.99);
    // Timing covers what came back before the flush F7 (waiting for the flush is not the loop), and
    // only bytes that crossed the wire: not inserted ones, which were made up after it, and counted
    // at their shortest, as the interface may have sent them in running status.
    const int64_t flush_ns = capture.flushed ? capture.chunks.back().started_ns : INT64_MAX;
    int64_t last_ns = -1;
    uint64_t timed_bytes = 0;
    for (const auto& a : capture.arrivals) {
      if (a.t_ns >= flush_ns) break;
      last_ns = a.t_ns;
      timed_bytes += a.bytes.size();
    }
    timed_bytes -= std::min<uint64_t>(timed_bytes, r.carried_over_bytes);
    const uint64_t on_wire = received.empty() ? 0 : wire_length_with_running_status(received);
    const uint64_t crossed =
        received.empty() ? 0
                         : std::min<uint64_t>(alignment.matched + alignment.corrupted, timed_bytes) * on_wire /
                               received.size();
    if (last_ns >= 0) {
      const int64_t duration_ns = last_ns - first_ns;
      r.duration_ms = static_cast<double>(duration_ns) / 1e6;
      if (duration_ns > 0) {
        r.throughput_bps = static_cast<double>(crossed) * 1e9 / static_cast<double>(duration_ns);
        r.wire_share = r.throughput_bps / (kWireBytesPerSecond * wire_speed);
      }
      // A DIN loop needs 320 µs per byte that came back, counted from the first byte sent.
      r.faster_than_wire =
          static_cast<double>(duration_ns) * kWireTolerance < static_cast<double>(wire_ns(crossed, wire_speed));
    }
  }

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
