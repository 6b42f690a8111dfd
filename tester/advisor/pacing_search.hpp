#pragma once
// Finding the fastest pacing an interface survives: for each chunk size, largest first, check the
// slowest rate, then bisect on the offered rate; then confirm the best with margin and repetition.
// The search only decides what to try; `TrialRunner` sends the workload and says what came back.
#include <functional>
#include <optional>
#include <vector>

#include "reports/report.hpp"

namespace midiloop {

struct PacingSearchOptions {
  double wire_bps = 3125.0;  // 100 %: the search never offers more than the wire carries
  double slowest_share = 0.25;
  int bisection_steps = 7;   // resolution (1 - slowest) / 2^steps of the wire
  double margin = 0.93;      // the advice is this share of the fastest rate that passed
  int confirmations = 3;     // the confirming workload must pass this many times in a row
  int confirm_attempts = 3;  // rates tried for confirmation, each a margin below the last
  // Multiples of 3: some chips need whole 3-byte USB-MIDI packets (SysEx Librarian rounds its
  // buffer sizes so); 3 itself is one event per USB transfer.
  std::vector<uint32_t> chunk_sizes = {256, 192, 128, 96, 48, 24, 12, 3};
  // The pause after each F7 the instrument needs (run --pause-after-message; some bootloaders need
  // 200 ms): every pacing tried keeps it, so the advice holds it too.
  int64_t message_gap_us = 0;
};

// Runs `phase`'s workload at `pacing` (search; confirm, the first confirmation; repeat, the others);
// fills in lossless and bytes_lost.
using TrialRunner = std::function<PacingTrial(const Pacing& pacing, TrialPhase phase)>;

struct PacingSearchResult {
  std::optional<Pacing> recommended;  // confirmed; nothing if no pacing passed
  std::vector<PacingTrial> trace;
  bool stopped = false;  // a trial was interrupted
};

PacingSearchResult search_pacing(const TrialRunner& run_trial, const PacingSearchOptions& options);
// The most trials search_pacing can run with `options` (each chunk size checked at the slowest rate,
// at full rate and bisected; two candidates confirmed at every attempt): what a progress line's
// "at most" rests on. Most searches stop well before it.
std::size_t most_trials(const PacingSearchOptions& options);

// The search after these full-speed tests, on a wire `wire_speed` times MIDI 1.0's: a chunk is a
// burst, so chunks as large as a single SysEx that already failed at full speed would fail at any
// rate; the search tries only smaller ones (3 bytes when none is).
PacingSearchOptions pacing_search_options(const std::vector<TestResult>& tests, double wire_speed);

// Which of these tests a confirmation sends again at the pacing it confirms: every one that failed,
// those the host disturbed too (the advice must hold for them as well), but none that failed only
// where its clock bytes were (pacing cures overflow, not that: it is a condition of the verdict).
std::vector<std::size_t> tests_to_confirm(const std::vector<TestResult>& tests);

// Counts one test of a trial into it. A test the host disturbed on both tries proves nothing either
// way, so the trial is not lossless: no pacing is advised on the strength of it.
void count_in_trial(PacingTrial& trial, const TestResult& test);

}  // namespace midiloop
