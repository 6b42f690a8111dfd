#include "tester/engine/engine.hpp"

#include <algorithm>
#include <cmath>

#include "patterns/wire.hpp"
#include "tester/engine/send_cuts.hpp"

namespace midiloop {
namespace {
constexpr int64_t kPollNs = 50'000'000;  // how often a wait looks at should_stop
}

Engine::Engine(Link& link, Clock& clock, EngineOptions options)
    : link_(link), clock_(clock), options_(std::move(options)) {
  const LinkInfo info = link_.info();
  resolution_ns_ = std::max<int64_t>(info.resolution_ns, 1);
  host_delay_ns_ = std::max<int64_t>(info.host_delay_ns, 0);
  // A faster wire goes quiet sooner; a few JACK periods and USB frames are the floor.
  constexpr int64_t kIdleFloorNs = 60'000'000;
  if (options_.wire_speed > 1) {
    options_.idle_ns = std::max(std::min(options_.idle_ns, kIdleFloorNs),
                                static_cast<int64_t>(static_cast<double>(options_.idle_ns) / options_.wire_speed));
  }
}

int64_t Engine::send_chunk(Capture& capture, std::size_t offset, std::size_t length, int64_t requested_ns,
                           bool keep) {
  ChunkRecord record{static_cast<uint32_t>(offset), static_cast<uint32_t>(length), requested_ns, requested_ns, 0};
  record.finished_ns = link_.send(std::span<const uint8_t>(capture.sent).subspan(offset, length), requested_ns);
  capture.bytes_handed += length;
  if (keep) capture.chunks.push_back(record);
  left_pending_.push_back(
      {false, keep ? capture.chunks.size() - 1 : kNotKept, length, std::max(requested_ns, record.finished_ns)});
  take_left_times(capture, record.finished_ns);
  // Take what has already arrived without waiting, so nothing queues up behind the sender.
  const std::size_t before = capture.arrivals.size();
  link_.receive(capture.arrivals, record.finished_ns);
  take_arrivals(capture, before);
  if (options_.progress) options_.progress(offset + length, capture.sent.size());
  return record.finished_ns;
}

SendLimits Engine::send_limits() const { return send_limits_of(link_); }

Pacing Engine::effective(const Pacing& pacing) const { return effective_pacing(pacing, send_limits()); }

void Engine::take_left_times(Capture& capture, int64_t deadline_ns) {
  left_.clear();
  if (!left_pending_.empty()) link_.take_left_times(left_, deadline_ns);
  for (int64_t t : left_) {
    if (left_pending_.empty()) break;
    const PendingLeft sent = left_pending_.front();
    left_pending_.pop_front();
    left_at(capture, sent, t);
  }
}

void Engine::left_at(Capture& capture, const PendingLeft& sent, int64_t left_ns) {
  if (!sent.flush) {
    if (capture.first_left_ns < 0) capture.first_left_ns = capture.drained_ns = left_ns;
    capture.drained_ns = wire_done_ns(capture.drained_ns, left_ns, sent.length, options_.wire_speed);
    capture.last_left_ns = left_ns;
  }
  if (sent.index == kNotKept) return;
  (sent.flush ? capture.flushes[sent.index].started_ns : capture.chunks[sent.index].started_ns) = left_ns;
}

void Engine::settle_left_times(Capture& capture) {
  // A scheduling link places the last sends within a few host periods; a host that never does
  // (a server gone) leaves those sends at their requested time.
  if (!left_pending_.empty()) take_left_times(capture, clock_.now_ns() + kSettleNs);
}

bool Engine::rest_until(int64_t t_ns) {
  while (clock_.now_ns() < t_ns) {
    if (stop_requested()) return false;
    clock_.sleep_until(std::min(t_ns, clock_.now_ns() + kPollNs));
  }
  return !stop_requested();
}

Engine::Heard Engine::listen_quietly(int64_t duration_ns) {
  Heard heard;
  const int64_t until_ns = clock_.now_ns() + duration_ns;
  for (int64_t now = clock_.now_ns(); now < until_ns; now = clock_.now_ns()) {
    if (stop_requested()) {
      heard.interrupted = true;
      break;
    }
    link_.receive(heard.arrivals, std::min(until_ns, now + kPollNs));
  }
  return heard;
}

void Engine::start_capture(Capture& capture) {
  capture.resolution_ns = resolution_ns_;
  capture.host_delay_ns = host_delay_ns_;
  received_ = 0;
  merge_floor_ = 0;
  left_pending_.clear();
}

void Engine::take_arrivals(Capture& capture, std::size_t first_new) {
  auto& a = capture.arrivals;
  for (std::size_t i = first_new; i < a.size(); ++i) received_ += a[i].bytes.size();
  // A USB interface hands bytes over every millisecond: a megabyte would be half a million tiny
  // arrivals. Arrivals within kCoalesceNs of the first of their group are kept as one, stamped with
  // the latest time (so the last byte's time stays exact), never across the start of a flush; a
  // steady stream still leaves one arrival per 20 ms for the rate to be measured between.
  std::size_t kept = first_new;
  for (std::size_t i = first_new; i < a.size(); ++i) {
    if (kept > merge_floor_ && a[i].t_ns - group_start_ns_ < kCoalesceNs) {
      Arrival& into = a[kept - 1];
      into.bytes.insert(into.bytes.end(), a[i].bytes.begin(), a[i].bytes.end());
      into.t_ns = a[i].t_ns;
    } else {
      group_start_ns_ = a[i].t_ns;
      if (kept != i) a[kept] = std::move(a[i]);
      ++kept;
    }
  }
  a.resize(kept);
}

std::size_t Engine::listen(Capture& capture, std::size_t enough, int64_t until_ns) {
  while (received_ < enough) {
    const int64_t now = clock_.now_ns();
    if (now >= until_ns) break;
    if (stop_requested()) {
      capture.interrupted = true;
      break;
    }
    const std::size_t before = capture.arrivals.size();
    if (link_.receive(capture.arrivals, std::min(until_ns, now + kPollNs))) take_arrivals(capture, before);
  }
  return received_;
}

Capture Engine::run(MessageList messages, const Pacing& pacing) {
  Capture capture;
  start_capture(capture);
  const std::size_t count = messages.size();
  capture.sent = std::move(messages).take_bytes();
  capture.message_offsets = std::move(messages).take_starts();
  const SendLimits limits = send_limits();
  link_.start_schedule();
  const int64_t first_send_ns = clock_.now_ns() + link_.lead_ns();
  int64_t next_ns = first_send_ns;
  last_send_ns_ = first_send_ns;
  for (std::size_t m = 0; m < count && !capture.interrupted; ++m) {
    const std::size_t begin = capture.message_offsets[m];
    const std::size_t end = m + 1 < count ? capture.message_offsets[m + 1] : capture.sent.size();
    std::size_t offset = begin;
    for (const std::size_t length :
         send_lengths(std::span<const uint8_t>(capture.sent).subspan(begin, end - begin), pacing.chunk_bytes, limits)) {
      const int64_t requested_ns = next_ns;
      const int64_t finished_ns = send_chunk(capture, offset, length, requested_ns, options_.keep_chunks);
      const bool ends_message = offset + length == end;
      // The gap runs from when the chunk was due or, under back-pressure, from when the host took it.
      last_send_ns_ = std::max(requested_ns, finished_ns);
      next_ns = last_send_ns_ + pacing.gap_ns(length, ends_message);
      offset += length;
      if (stop_requested()) {
        capture.interrupted = true;
        break;
      }
    }
  }
  settle_left_times(capture);
  if (!options_.expect_echo) {
    // Nothing comes back to show the bytes arrived, so the send is done only when the wire has had
    // time to carry every byte that left the host (docs/background.md §8, SendMIDI#45).
    // A send whose left time the host never gave (a server gone) counts from when it was handed over;
    // nothing else is sent in this capture, so no later left time can be taken for it.
    for (const PendingLeft& sent : left_pending_) left_at(capture, sent, sent.handed_ns);
    left_pending_.clear();
    if (!capture.interrupted && options_.draining) options_.draining(capture.drained_ns);
    if (!capture.interrupted && !rest_until(capture.drained_ns)) capture.interrupted = true;
    capture.end_ns = clock_.now_ns();
    return capture;
  }
  collect(capture, first_send_ns);
  if (received_ < capture.sent.size() && !capture.interrupted) flush(capture);
  settle_left_times(capture);
  return capture;
}

void Engine::flush(Capture& capture) {
  // Bytes of a SysEx whose F7 was lost can be held back: by a host that hands a SysEx over only at
  // its F7 (RtMidi's JACK and ALSA input, WinMM's buffers), and by the interface, which keeps a
  // partial USB packet. The flush (kFlushBytes) releases them within this test instead of the next
  // one, and its F0 7D F7 coming back shows the loop is there. It is not the test's: not in `sent`,
  // and its answer is left out of what the test is judged on (arrivals_for_test).
  merge_floor_ = capture.arrivals.size();
  FlushRecord record;
  record.requested_ns = record.started_ns = clock_.now_ns();
  const uint64_t lost_before = link_.host_counters().bytes_lost;
  // A host that sends a SysEx only in one send starting with F0 (RtMidi 5.0 on WinMM) refuses the
  // whole flush for its leading F7; its F0 ends a SysEx cut short as well, so that alone goes.
  const auto flush_bytes = std::span<const uint8_t>(kFlushBytes).subspan(send_limits().whole_sysex ? 1 : 0);
  record.finished_ns = link_.send(flush_bytes, record.requested_ns);
  record.host_bytes_lost = std::min<uint64_t>(link_.host_counters().bytes_lost - lost_before, flush_bytes.size());
  capture.flushes.push_back(record);
  left_pending_.push_back({true, capture.flushes.size() - 1, flush_bytes.size(), std::max(record.finished_ns, record.requested_ns)});
  take_left_times(capture, record.finished_ns);
  const int64_t sent_ns = std::max(record.finished_ns, record.requested_ns);
  while (!capture.interrupted) {
    const int64_t last = capture.arrivals.size() == merge_floor_ ? sent_ns
                                                                 : std::max(sent_ns, capture.arrivals.back().t_ns);
    const int64_t stop_ns = std::max(last, sent_ns + wire_ns(kFlushBytes.size(), options_.wire_speed)) + options_.idle_ns;
    if (clock_.now_ns() >= stop_ns) break;
    listen(capture, SIZE_MAX, std::min(stop_ns, clock_.now_ns() + kPollNs));
  }
  settle_left_times(capture);
  // What comes after (the next probe) is not merged into the flush's answer either.
  merge_floor_ = capture.arrivals.size();
  capture.end_ns = clock_.now_ns();
}

void Engine::collect(Capture& capture, int64_t first_send_ns) {
  const std::size_t expected = capture.sent.size();
  const int64_t last_send_ns = capture.bytes_handed == 0 ? first_send_ns : last_send_ns_;
  // The wire cannot have delivered everything before this. And whatever joins a SysEx before handing
  // it on (RtMidi's JACK input does, and so may an interface or a host driver) can start the largest
  // message only after its last byte was sent.
  std::size_t largest = 0;
  for (std::size_t k = 0; k < capture.message_offsets.size(); ++k) {
    const std::size_t end = k + 1 < capture.message_offsets.size() ? capture.message_offsets[k + 1] : expected;
    largest = std::max(largest, end - capture.message_offsets[k]);
  }
  const int64_t drained_ns = std::max(last_send_ns + wire_ns(largest, options_.wire_speed),
                                      first_send_ns + wire_ns(expected, options_.wire_speed));
  // Bounded even if a broken loop keeps producing bytes forever.
  const int64_t hard_ns = drained_ns + wire_ns(expected, options_.wire_speed) + 2 * options_.idle_ns + 2'000'000'000;
  while (!capture.interrupted) {
    const int64_t last_activity = capture.arrivals.empty() ? last_send_ns
                                                           : std::max(last_send_ns, capture.arrivals.back().t_ns);
    const int64_t stop_ns = std::min(
        hard_ns, received_ >= expected ? last_activity + options_.tail_ns
                                       : std::max(drained_ns, last_activity) + options_.idle_ns);
    if (clock_.now_ns() >= stop_ns) break;
    listen(capture, SIZE_MAX, std::min(stop_ns, clock_.now_ns() + kPollNs));
  }
  capture.end_ns = clock_.now_ns();
}

Capture Engine::probe(const std::vector<std::vector<uint8_t>>& messages) {
  Capture capture;
  start_capture(capture);
  const SendLimits limits = send_limits();
  for (const auto& message : messages) {
    const std::size_t begin = capture.sent.size();
    const std::size_t first_chunk = capture.chunks.size();
    const std::size_t received_before = received_;
    capture.message_offsets.push_back(static_cast<uint32_t>(begin));
    capture.sent.insert(capture.sent.end(), message.begin(), message.end());
    const int64_t asked_ns = clock_.now_ns();
    std::size_t offset = begin;
    for (const std::size_t length : send_lengths(message, 0, limits)) {
      // Kept whatever keep_chunks says: the probe's latency counts from its first chunk's left time.
      send_chunk(capture, offset, length, clock_.now_ns(), true);
      offset += length;
    }
    const int64_t deadline = asked_ns + wire_ns(message.size(), options_.wire_speed) + options_.probe_timeout_ns;
    const std::size_t got = listen(capture, received_before + message.size(), deadline) - received_before;
    settle_left_times(capture);
    // From when the probe really left the host to when its last byte was back, both host times,
    // less the host's own share of the round trip.
    const int64_t left_ns = capture.chunks[first_chunk].started_ns;
    const bool whole = got >= message.size();
    capture.probe_latency_ns.push_back(whole ? capture.arrivals.back().t_ns - left_ns - host_delay_ns_ : -1);
    if (capture.interrupted) break;
    // A probe whose F7 was lost is held, all of it, by a host that joins SysEx until F7: the flush
    // releases it, or at least comes back itself, which shows the loop is there.
    if (!whole) flush(capture);
    if (capture.interrupted || received_ == 0) break;  // nothing back at all: no point probing on
  }
  capture.end_ns = clock_.now_ns();
  return capture;
}

Engine::RoundTrips Engine::round_trips(const std::vector<std::vector<uint8_t>>& messages, std::size_t give_up_after) {
  RoundTrips trips;
  std::vector<Arrival> arrived;
  std::vector<uint8_t> back;  // bytes received since the current message was sent
  std::size_t lost_in_a_row = 0;
  for (std::size_t k = 0; k < messages.size() && lost_in_a_row < give_up_after; ++k) {
    const auto& message = messages[k];
    // Leftovers of an earlier probe must not be taken for this one.
    arrived.clear();
    link_.receive(arrived, clock_.now_ns());
    back.clear();
    const int64_t asked_ns = clock_.now_ns();
    link_.send(message, asked_ns);
    const int64_t deadline = asked_ns + wire_ns(message.size(), options_.wire_speed) + options_.probe_timeout_ns;
    // The round trip counts from when the probe really left the host (a JACK frame), not from
    // when it was handed over.
    left_.clear();
    link_.take_left_times(left_, clock_.now_ns() + kSettleNs);
    const int64_t sent_ns = left_.empty() ? asked_ns : left_.back();
    int64_t trip = -1;
    while (trip < 0 && clock_.now_ns() < deadline) {
      if (stop_requested()) {
        trips.interrupted = true;
        return trips;
      }
      arrived.clear();
      if (!link_.receive(arrived, std::min(deadline, clock_.now_ns() + kPollNs))) continue;
      for (const Arrival& a : arrived) {
        back.insert(back.end(), a.bytes.begin(), a.bytes.end());
        if (std::search(back.begin(), back.end(), message.begin(), message.end()) != back.end()) {
          trip = std::max<int64_t>(a.t_ns - sent_ns - host_delay_ns_, 0);
          break;
        }
      }
    }
    trips.ns.push_back(trip);
    lost_in_a_row = trip < 0 ? lost_in_a_row + 1 : 0;
    // A pause that varies from probe to probe (golden-ratio steps spread evenly), so the probes
    // meet the interface's 1 ms USB frame and a host's period (up to 1024 frames at 48 kHz,
    // 21.3 ms) at every phase instead of locking to one.
    constexpr double kGolden = 0.6180339887498949;
    const double phase = static_cast<double>(k + 1) * kGolden - std::floor(static_cast<double>(k + 1) * kGolden);
    clock_.sleep_until(clock_.now_ns() + 1'000'000 + static_cast<int64_t>(phase * 24e6));
  }
  return trips;
}

}  // namespace midiloop
