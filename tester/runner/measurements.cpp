#include "tester/runner/measurements.hpp"

#include "patterns/framing.hpp"
#include "patterns/wire.hpp"
#include "tester/analysis/case_analysis.hpp"
#include "tester/analysis/compliance_judging.hpp"
#include "tester/analysis/timing_figures.hpp"
#include "tester/plan/compliance_checks.hpp"
#include "tester/plan/timing_trains.hpp"

namespace midiloop {

std::vector<ComplianceResult> run_compliance(Engine& engine, double wire_speed,
                                             const std::function<void(const ComplianceResult&)>& on_done) {
  std::vector<ComplianceResult> results;
  // Units stay under 64 bytes, so each goes in one send; half the wire rate between them keeps
  // even a small buffer from overflowing, which is the SysEx tests' business, not these checks'.
  const Pacing pacing{64, 0, 0, kWireBytesPerSecond * wire_speed / 2};
  for (const ComplianceCheck& check : compliance_checks()) {
    const Capture capture = engine.run(check.units, pacing);
    // A SysEx left open (sysex/status-ended, or one cut short) can hold later bytes back until an
    // F7 comes: RtMidi's JACK input does. What the flush released counts, in order; the flush's own
    // answer does not (arrivals_for_test).
    std::vector<uint8_t> received;
    for (const Arrival& a : arrivals_for_test(capture)) received.insert(received.end(), a.bytes.begin(), a.bytes.end());
    ComplianceResult r = judge_compliance(check, received);
    if (capture.interrupted) {  // not judged: it did not finish
      r.pass = false;
      r.interrupted = true;
      r.deviation = r.consequence = "";
      r.effect.reset();
    }
    results.push_back(std::move(r));
    if (on_done) on_done(results.back());
    if (capture.interrupted) break;
  }
  return results;
}

LatencyProfile measure_latency(Engine& engine, uint32_t probes) {
  const Engine::RoundTrips trips = engine.round_trips(latency_probes(probes));
  LatencyProfile p = latency_profile(trips.ns, "note-on, 3 bytes, each with its own note and velocity");
  p.interrupted = trips.interrupted;
  p.host_delay_ms = static_cast<double>(engine.host_delay_ns()) / 1e6;
  // Two bytes, not three: every probe is a note-on, so the interface may leave its status off the
  // wire (running status).
  const double floor_ns = static_cast<double>(wire_ns(2, engine.wire_speed())) / kWireTolerance -
                          static_cast<double>(engine.resolution_ns());
  p.wire_floor_ms = floor_ns / 1e6;
  for (int64_t ns : trips.ns) {
    if (ns >= 0 && static_cast<double>(ns) < floor_ns) ++p.below_wire_floor;
  }
  return p;
}

ThroughputCurve measure_throughput(Engine& engine, double wire_speed, uint64_t seed, uint32_t first_test_id,
                                   const std::function<void(const ThroughputStep&)>& on_step) {
  uint32_t test_id = first_test_id;
  const TrainRunner run = [&](const TestCase& test) {
    const uint32_t id = test_id++ % kMaxTestId + 1;
    TestCase paced = test;  // recorded as it leaves on this link (Engine::effective)
    paced.pacing = engine.effective(test.pacing);
    return analyze_case(paced, id, engine.run(build_messages(paced, id, seed), paced.pacing), wire_speed);
  };
  return measure_throughput(run, wire_speed, on_step);
}

ThroughputCurve measure_throughput(const TrainRunner& run, double wire_speed,
                                   const std::function<void(const ThroughputStep&)>& on_step) {
  const double wire_bps = kWireBytesPerSecond * wire_speed;
  std::vector<ThroughputStep> steps;
  for (double share : throughput_shares()) {
    const TestCase test = throughput_train(share, wire_bps);
    const TestResult r = run(test);
    ThroughputStep s;
    s.requested_share = share;
    s.requested_bps = test.pacing.rate_bps;
    s.offered_bps = r.achieved.offered_bps;
    s.delivered_bps = r.throughput_bps;
    s.bytes_sent = r.bytes_sent;
    s.bytes_received = r.bytes_received;
    s.bytes_lost = r.errors.dropped + r.errors.inserted + r.errors.corrupted;
    s.faster_than_wire = r.faster_than_wire;
    s.host_trouble = r.host_trouble;
    s.interrupted = r.interrupted;
    steps.push_back(s);
    if (on_step) on_step(s);
    if (r.interrupted) break;
  }
  return summarize_throughput(std::move(steps), wire_bps);
}

}  // namespace midiloop
