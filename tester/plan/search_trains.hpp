#pragma once
// The pacing search's workloads: what one trial sends at the pacing it tries, by the trial's phase
// (tester/advisor/pacing_search decides which pacings to try and in which phase).
#include <vector>

#include "patterns/pacing.hpp"
#include "tester/plan/suite.hpp"

namespace midiloop {

// A search step: a short OS-like train (8 x 111 bytes) and one 512-byte SysEx.
std::vector<TestCase> search_trains(const Pacing& pacing);

// The first confirmation of a pacing: a longer OS-like train (64 x 111 bytes), then every test in
// `failed` (those that failed at full speed), trains shortened to 200 messages for time, probes sent
// as trains (under a pacing they are short messages like any other).
std::vector<TestCase> confirm_trains(const std::vector<TestCase>& failed, const Pacing& pacing);

// Each repetition of a confirmation: the longer OS-like train alone.
std::vector<TestCase> repeat_trains(const Pacing& pacing);

}  // namespace midiloop
