#include "tester/analysis.hpp"

#include <algorithm>
#include <cstdio>

#include "patterns/framing.hpp"
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

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
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
    const std::size_t end = seq + 1 < count ? capture.message_offsets[seq + 1] : capture.sent.size();
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
  r.bytes_sent = capture.sent.size();
  r.bytes_received = received.size();

  const Alignment alignment = align_streams(capture.sent, received);
  r.errors.dropped = alignment.dropped;
  r.errors.inserted = alignment.inserted;
  r.errors.corrupted = alignment.corrupted;
  if (alignment.first_error_sent) {
    r.first_error_offset = *alignment.first_error_sent;
    r.first_error_sent_hex = hex_around(capture.sent, *alignment.first_error_sent);
    r.first_error_received_hex = hex_around(received, *alignment.first_error_received);
  }
  classify_messages(test_id, capture, received, r.errors);

  if (!capture.chunks.empty()) {
    const int64_t first_ns = capture.chunks.front().started_ns;
    const int64_t sending_ns = capture.chunks.back().finished_ns - first_ns;
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
    if (!capture.arrivals.empty()) {
      const int64_t duration_ns = capture.arrivals.back().t_ns - first_ns;
      r.duration_ms = static_cast<double>(duration_ns) / 1e6;
      if (duration_ns > 0) {
        r.throughput_bps = static_cast<double>(r.bytes_received) * 1e9 / static_cast<double>(duration_ns);
        r.wire_share = r.throughput_bps / (kWireBytesPerSecond * wire_speed);
      }
      // A DIN loop needs 320 µs per byte that came back, counted from the first byte sent.
      r.faster_than_wire = static_cast<double>(duration_ns) * kWireTolerance <
                           static_cast<double>(wire_ns(r.bytes_received, wire_speed));
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
    }
    r.latency = stats;
  }
  r.pass = !r.errors.any() && !r.interrupted;
  return r;
}

}  // namespace midiloop
