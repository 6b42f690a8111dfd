// midiloop-bench: the figures behind the speed and memory claims, measured here and now.
// Ratios are against baselines run in the same process, so a noisy machine shifts both sides.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <new>
#include <thread>

#include "patterns/framing.hpp"
#include "patterns/payload.hpp"
#include "patterns/wire.hpp"
#include "tester/analysis/case_analysis.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/runner/suite_runner.hpp"
#include "tester/runner/transfer.hpp"
#include "tester/analysis/rehearsal.hpp"
#include "tester/advisor/advisor.hpp"
#include "tester/runner/measurements.hpp"

// Heap accounting: every allocation of this process goes through here.
namespace {
std::atomic<std::size_t> g_heap_now{0}, g_heap_peak{0};
void note_alloc(std::size_t n) {
  const std::size_t now = g_heap_now += n;
  std::size_t peak = g_heap_peak.load();
  while (now > peak && !g_heap_peak.compare_exchange_weak(peak, now)) {
  }
}
}  // namespace

// These replace the global operators with malloc/free on purpose; GCC cannot see that the two
// belong together once they are inlined into each other.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  void* p = std::malloc(n + 16);
  if (!p) throw std::bad_alloc();
  *static_cast<std::size_t*>(p) = n;
  note_alloc(n);
  return static_cast<char*>(p) + 16;
}
void operator delete(void* p) noexcept {
  if (!p) return;
  char* base = static_cast<char*>(p) - 16;
  g_heap_now -= *reinterpret_cast<std::size_t*>(base);
  std::free(base);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
#pragma GCC diagnostic pop

namespace midiloop {
namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// An OS-shaped transfer of about `bytes` bytes, and what comes back with 1 % of bytes dropped.
struct Streams {
  TestCase test{"os", Shape::train, 111, 1, Payload::random, {}};
  Capture capture;
};

Streams os_shaped(std::size_t bytes) {
  Streams s;
  s.test.count = static_cast<uint32_t>(bytes / 111);
  const auto messages = build_messages(s.test, 1, 1);
  for (const auto& m : messages) {
    s.capture.message_offsets.push_back(s.capture.sent.size());
    s.capture.sent.insert(s.capture.sent.end(), m.begin(), m.end());
  }
  s.capture.chunks.push_back({0, static_cast<uint32_t>(s.capture.sent.size()), 0, 0, 1});
  Arrival back{wire_ns(s.capture.sent.size()), {}};
  back.bytes.reserve(s.capture.sent.size());
  uint64_t state = 99;
  for (uint8_t b : s.capture.sent) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    if ((state >> 33) % 100 != 0) back.bytes.push_back(b);
  }
  s.capture.arrivals.push_back(std::move(back));
  return s;
}

void bench_analysis() {
  std::printf("Analysis of an OS-shaped stream (111-byte messages) with 1 %% random drops, one core\n");
  std::printf("  %10s %12s %10s %12s %14s %16s\n", "sent", "dropped", "MB/s", "ms per MB", "vs 1.6 MB", "peak heap/input");
  const std::size_t sizes[] = {160'000, 1'600'000, 16'000'000};
  double baseline_ms_per_mb = 0;
  std::vector<std::pair<std::size_t, double>> rows;
  for (std::size_t size : sizes) {
    Streams s = os_shaped(size);
    const double mb = static_cast<double>(s.capture.sent.size()) / 1e6;
    const std::size_t heap_before = g_heap_now;
    g_heap_peak = heap_before;
    const double t0 = cpu_seconds();
    TestResult r;
    int runs = 0;
    do {  // repeat small inputs so the timing is not clock granularity
      r = analyze_case(s.test, 1, s.capture, 1.0);
      ++runs;
    } while (cpu_seconds() - t0 < 0.3);
    const double seconds = (cpu_seconds() - t0) / runs;
    const double extra_heap = static_cast<double>(g_heap_peak - heap_before);
    const double ms_per_mb = seconds * 1e3 / mb;
    if (size == 1'600'000) baseline_ms_per_mb = ms_per_mb;
    rows.emplace_back(size, ms_per_mb);
    std::printf("  %10zu %12llu %10.1f %12.2f %14s %16.2f\n", s.capture.sent.size(),
                static_cast<unsigned long long>(r.errors.dropped), mb / seconds, ms_per_mb, "",
                extra_heap / static_cast<double>(s.capture.sent.size()));
  }
  std::printf("  linearity, time per MB relative to 1.6 MB:");
  for (auto [size, ms] : rows) std::printf("  %zu B: %.2fx", size, ms / baseline_ms_per_mb);
  std::printf("   (target within 1.5x)\n");
  std::printf("  peak heap/input counts what analysis allocates beyond the capture it is given (target <= 4)\n\n");
}

// Sends into nothing: the pacing loop alone, on the steady clock.
class NullLink final : public Link {
 public:
  explicit NullLink(SteadyClock& clock) : clock_(clock) {}
  int64_t send(std::span<const uint8_t>, int64_t at_ns) override {
    clock_.sleep_until(at_ns);
    left_.push_back(clock_.now_ns());
    return left_.back();
  }
  void take_left_times(std::vector<int64_t>& out, int64_t) override {
    out.insert(out.end(), left_.begin(), left_.end());
    left_.clear();
  }
  bool receive(std::vector<Arrival>&, int64_t deadline_ns) override {
    std::this_thread::sleep_until(clock_.time_point(deadline_ns));
    return false;
  }
  std::size_t max_chunk_bytes() const override { return kLinkChunkBytes; }
  LinkInfo info() const override {
    LinkInfo info;
    info.kind = "null";
    return info;
  }

 private:
  SteadyClock& clock_;
  std::vector<int64_t> left_;
};

void bench_pacing() {
  std::printf("Pacing on the steady clock: chunk start minus requested start\n");
  std::printf("  %12s %8s %12s %12s %22s\n", "gap", "chunks", "p50 (us)", "p99 (us)", "achieved/requested gap");
  SteadyClock clock;
  NullLink link(clock);
  EngineOptions options;
  options.idle_ns = 1'000'000;
  options.tail_ns = 0;
  options.expect_echo = false;  // nothing comes back: no capture, no flush
  Engine engine(link, clock, options);
  for (int64_t gap_us : {1'000, 5'300, 20'000}) {
    const uint32_t chunks = static_cast<uint32_t>(std::min<int64_t>(300, 2'000'000 / gap_us));
    TestCase test{"pacing", Shape::single, static_cast<uint32_t>(framed_size(64 * chunks - 64)), 1, Payload::ramp,
                  {64, gap_us, 0}};
    const auto messages = build_messages(test, 1, 1);
    const Capture capture = engine.run(messages, test.pacing);
    const TestResult r = analyze_case(test, 1, capture, 1.0);
    double gaps = 0;
    for (std::size_t k = 1; k < capture.chunks.size(); ++k) {
      gaps += static_cast<double>(capture.chunks[k].started_ns - capture.chunks[k - 1].finished_ns);
    }
    const double mean_gap_us = gaps / static_cast<double>(capture.chunks.size() - 1) / 1e3;
    std::printf("  %9.1f ms %8u %12.1f %12.1f %22.4f\n", static_cast<double>(gap_us) / 1e3, r.achieved.chunks,
                r.achieved.start_error_p50_us, r.achieved.start_error_p99_us, mean_gap_us / static_cast<double>(gap_us));
  }
  std::printf("  (target p99 <= 100 us)\n\n");
}

// The throughput curve and the latency probes through emulated interfaces on the virtual clock:
// how close the offered rate comes to the one asked for, and the delivered rate to the wire. (Real
// time pacing accuracy is bench_pacing's.)
void bench_timing() {
  for (const char* model : {"good", "cheap-fifo"}) {
  std::printf("Throughput curve on the virtual clock, emulated '%s'\n", model);
  std::printf("  %10s %14s %14s %18s %14s %16s\n", "requested", "asked (B/s)", "offered (B/s)", "offered/asked",
              "delivered", "delivered/wire");
  VirtualClock clock;
  EmulatedLink link(parse_model_spec(model), clock, 1);
  Engine engine(link, clock, {});
  const ThroughputCurve curve = measure_throughput(engine, 1.0, 1, 100, {});
  for (const auto& s : curve.steps) {
    std::printf("  %9.0f%% %14.0f %14.0f %18.3f %14.0f %16.3f\n", s.requested_share * 100, s.requested_bps,
                s.offered_bps, s.offered_bps / s.requested_bps, s.delivered_bps, s.delivered_bps / kWireBytesPerSecond);
  }
  std::printf("  drain %.0f B/s (%.3f of the wire), back-pressure: %s\n", curve.drain_bps,
              curve.drain_bps / kWireBytesPerSecond, std::string(back_pressure_name(curve.back_pressure)).c_str());
  const LatencyProfile l = measure_latency(engine, 200);
  // The floor: the note's 2 bytes on the wire (running status); the rest is USB frames (1 ms).
  const double floor_ms = static_cast<double>(wire_ns(2)) / 1e6;
  std::printf("  latency: %u/%u back, min %.2f, median %.2f, p99 %.2f, max %.2f ms; median / wire floor (%.2f ms) = "
              "%.2f\n\n",
              l.probes_returned, l.probes_sent, l.min_ms, l.median_ms, l.p99_ms, l.max_ms, floor_ms,
              l.median_ms / floor_ms);
  }
}

void bench_suites() {
  std::printf("Standard suite (the default) on the virtual clock, per emulated model, with the pacing search\n");
  std::printf("  %22s %10s %12s %14s %10s\n", "model", "verdict", "CPU (ms)", "wire time (s)", "speed-up");
  for (const auto& model : emulator_models()) {
    VirtualClock clock;
    EmulatedLink link(parse_model_spec(model.name), clock);
    const double t0 = cpu_seconds();
    const Report report = run_suite(standard_suite(), link, clock, RunSettings{});
    const double cpu = cpu_seconds() - t0;
    const double wire_s = static_cast<double>(clock.now_ns()) / 1e9;
    std::printf("  %22s %10s %12.1f %14.1f %9.0fx\n", model.name.c_str(), std::string(verdict_name(report.verdict)).c_str(),
                cpu * 1e3, wire_s, wire_s / cpu);
  }
  std::printf("  (target CPU <= 1000 ms)\n");
}

// Rehearsing a Machinedrum-OS-shaped file (14,683 x 111 bytes) on the emulated cheap cable at the
// advised pacing: memory is what counts (target: peak RSS under 32 MB).
void bench_rehearsal() {
  std::printf("\nRehearsal of a 1.63 MB OS-shaped file (14,683 x 111 B) on cheap-fifo at its advised pacing\n");
  std::vector<std::vector<uint8_t>> file;
  uint64_t state = 5;
  for (std::size_t m = 0; m < kOsMessages; ++m) {
    std::vector<uint8_t> msg = {0xF0, 0x00, 0x20, 0x3C, 0x02, 0x00};
    for (std::size_t k = 0; k < kOsMessageBytes - 7; ++k) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      msg.push_back(static_cast<uint8_t>((state >> 33) & 0x7F));
    }
    msg.push_back(0xF7);
    file.push_back(std::move(msg));
  }
  const ModelConfig model = parse_model_spec("cheap-fifo");
  VirtualClock suite_clock;
  EmulatedLink suite_link(model, suite_clock, 1);
  const Report report = run_suite(standard_suite(), suite_link, suite_clock, RunSettings{});
  const Pacing pacing = report.advice ? report.advice->pacing : Pacing{};
  const std::size_t heap_before = g_heap_now;
  g_heap_peak = heap_before;
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  const double t0 = cpu_seconds();
  VirtualClock clock;
  EmulatedLink link(model, clock, 1);
  Engine engine(link, clock, {});
  const Capture capture = engine.run(file, pacing);
  const Rehearsal r = compare_rehearsal(capture);
  const double cpu = cpu_seconds() - t0;
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  std::printf("  %zu of %zu messages intact at %u-byte chunks, %.0f B/s; CPU %.0f ms; simulated %.1f min\n",
              r.messages_intact, r.messages, pacing.chunk_bytes, pacing.rate_bps, cpu * 1e3,
              static_cast<double>(clock.now_ns()) / 60e9);
  std::printf("  heap during the rehearsal: %.1f MB (%.2fx the file); peak RSS %.1f MB, with the suite run before "
              "it (target < 32 MB)\n\n",
              static_cast<double>(g_heap_peak - heap_before) / 1e6,
              static_cast<double>(g_heap_peak - heap_before) / static_cast<double>(r.bytes_sent),
              static_cast<double>(after.ru_maxrss) / 1024.0);
}

// The table in docs/emulator.md: verdicts over 20 seeds, error counts of seed 1.
void print_detection_matrix() {
  std::printf("\nDetection matrix: standard suite, virtual clock, seeds 1-20 (errors: seed 1)\n\n");
  std::printf("| model | verdicts (20 seeds) | dropped | inserted | corrupted | msgs missing | msgs truncated | "
              "buffer estimate |\n|---|---|---|---|---|---|---|---|\n");
  for (const auto& info : emulator_models()) {
    const ModelConfig model = parse_model_spec(info.name);
    std::map<std::string, int> verdicts;
    ErrorCounts first;
    std::optional<uint64_t> estimate;
    for (uint64_t seed = 1; seed <= 20; ++seed) {
      VirtualClock clock;
      EmulatedLink link(model, clock, seed);
      RunSettings settings;
      settings.seed = seed;
      const Report r = run_suite(standard_suite(), link, clock, settings);
      ++verdicts[std::string(verdict_name(r.verdict))];
      if (seed != 1) continue;
      estimate = r.estimated_buffer_bytes;
      for (const auto& t : r.tests) {
        first.dropped += t.errors.dropped;
        first.inserted += t.errors.inserted;
        first.corrupted += t.errors.corrupted;
        first.messages_missing += t.errors.messages_missing;
        first.messages_truncated += t.errors.messages_truncated;
      }
    }
    std::string v;
    for (const auto& [name, n] : verdicts) v += (v.empty() ? "" : ", ") + name + " x" + std::to_string(n);
    std::printf("| %s | %s | %llu | %llu | %llu | %llu | %llu | %s |\n", info.name.c_str(), v.c_str(),
                static_cast<unsigned long long>(first.dropped), static_cast<unsigned long long>(first.inserted),
                static_cast<unsigned long long>(first.corrupted), static_cast<unsigned long long>(first.messages_missing),
                static_cast<unsigned long long>(first.messages_truncated),
                estimate ? (std::to_string(*estimate) + " B").c_str() : "-");
  }
}

}  // namespace
}  // namespace midiloop

int main() {
  std::printf("midiloop-bench on %u cores\n\n", std::thread::hardware_concurrency());
  midiloop::bench_rehearsal();  // first: peak RSS is the process's high-water mark
  midiloop::bench_analysis();
  midiloop::bench_pacing();
  midiloop::bench_timing();
  midiloop::bench_suites();
  midiloop::print_detection_matrix();
  return 0;
}
