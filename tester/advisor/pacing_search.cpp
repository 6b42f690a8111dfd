#include "tester/advisor/pacing_search.hpp"

#include <algorithm>
#include <cmath>

namespace midiloop {

PacingSearchResult search_pacing(const TrialRunner& run_trial, const PacingSearchOptions& options) {
  PacingSearchResult result;
  auto pacing_at = [&](uint32_t chunk, double share) { return Pacing{chunk, 0, 0, share * options.wire_bps}; };
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

}  // namespace midiloop
