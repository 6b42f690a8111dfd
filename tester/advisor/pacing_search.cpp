#include "tester/advisor/pacing_search.hpp"

#include <algorithm>
#include <cmath>

#include "patterns/wire.hpp"
#include "tester/advisor/advisor.hpp"

namespace midiloop {

PacingSearchResult search_pacing(const TrialRunner& run_trial, const PacingSearchOptions& options) {
  PacingSearchResult result;
  auto pacing_at = [&](uint32_t chunk, double share) {
    return Pacing{chunk, 0, options.message_gap_us, share * options.wire_bps};
  };
  uint64_t last_lost = 0;
  auto trial = [&](const Pacing& pacing, TrialPhase phase) {
    PacingTrial t = run_trial(pacing, phase);
    last_lost = t.bytes_lost;
    t.phase = phase;
    t.pacing = pacing;
    result.trace.push_back(t);
    result.stopped = result.stopped || t.interrupted;
    return t.lossless && !t.interrupted;
  };

  // The fastest share of the wire each chunk size survives, for the largest size that survives
  // the slowest rate and the next smaller one (smaller chunks rarely go faster, and cost time).
  struct Candidate {
    uint32_t chunk;
    double share;
  };
  std::vector<Candidate> candidates;
  for (uint32_t chunk : options.chunk_sizes) {
    if (result.stopped || candidates.size() == 2) break;
    if (!trial(pacing_at(chunk, options.slowest_share), TrialPhase::search)) continue;
    double lo = options.slowest_share, hi = 1.0;
    if (!result.stopped && trial(pacing_at(chunk, hi), TrialPhase::search)) {
      lo = hi;
    } else {
      for (int step = 0; step < options.bisection_steps && !result.stopped; ++step) {
        const double mid = (lo + hi) / 2;
        (trial(pacing_at(chunk, mid), TrialPhase::search) ? lo : hi) = mid;
      }
    }
    candidates.push_back({chunk, lo});
  }
  if (result.stopped) return result;
  // The rate sets the speed, not the chunk size; at the same rate the smaller chunk leaves more
  // room in the interface's buffer.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.share != b.share ? a.share > b.share : a.chunk < b.chunk;
  });

  // Confirm below the edge, several times; step down if it does not hold, but only a few times: a
  // loss that slower sending does not cure is not a matter of pacing (the next chunk size may be).
  // And if sending slower loses no less than before, pacing is not what is wrong: stop.
  constexpr uint64_t kNone = UINT64_MAX;
  uint64_t previous_loss = kNone;
  for (const Candidate& c : candidates) {
    double share = c.share * options.margin;
    for (int attempt = 0; attempt < options.confirm_attempts && share >= options.slowest_share && !result.stopped;
         ++attempt, share *= options.margin) {
      const Pacing candidate = pacing_at(c.chunk, std::floor(share * 1000) / 1000);
      bool held = true;
      for (int k = 0; k < options.confirmations && held; ++k) {
        held = trial(candidate, k == 0 ? TrialPhase::confirm : TrialPhase::repeat);
      }
      if (held) {
        result.recommended = candidate;
        return result;
      }
      if (previous_loss != kNone && last_lost >= previous_loss) return result;
      previous_loss = last_lost;
    }
    previous_loss = kNone;
  }
  return result;
}

std::size_t most_trials(const PacingSearchOptions& options) {
  const auto steps = static_cast<std::size_t>(std::max(options.bisection_steps, 0));
  const auto confirming = static_cast<std::size_t>(std::max(options.confirm_attempts, 0)) *
                          static_cast<std::size_t>(std::max(options.confirmations, 0));
  return options.chunk_sizes.size() * (2 + steps) + 2 * confirming;
}

PacingSearchOptions pacing_search_options(const std::vector<TestResult>& tests, double wire_speed) {
  PacingSearchOptions options;
  options.wire_bps = kWireBytesPerSecond * wire_speed;
  uint32_t smallest_failed = UINT32_MAX;
  for (const TestResult& t : tests) {
    // Not a test the host disturbed: its failure may be the host's, not a burst too large.
    if (!t.pass && !t.host_trouble && t.shape == Shape::single && t.pacing.full_speed()) {
      smallest_failed = std::min(smallest_failed, t.message_bytes);
    }
  }
  std::erase_if(options.chunk_sizes, [&](uint32_t chunk) { return chunk >= smallest_failed; });
  if (options.chunk_sizes.empty()) options.chunk_sizes = {3};
  return options;
}

std::vector<std::size_t> tests_to_confirm(const std::vector<TestResult>& tests) {
  std::vector<std::size_t> again;
  for (std::size_t k = 0; k < tests.size(); ++k) {
    if (!tests[k].pass && !failed_only_at_realtime(tests[k])) again.push_back(k);
  }
  return again;
}

void count_in_trial(PacingTrial& trial, const TestResult& test) {
  if (test.host_trouble) {
    trial.host_trouble = true;
    trial.lossless = false;
    return;
  }
  const bool realtime_only = failed_only_at_realtime(test);
  if (!realtime_only) trial.bytes_lost += test.errors.dropped + test.errors.inserted + test.errors.corrupted;
  trial.lossless = trial.lossless && (test.pass || realtime_only);
  trial.interrupted = test.interrupted;
}

}  // namespace midiloop
