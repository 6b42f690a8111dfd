#include "tester/plan/search_trains.hpp"

#include <algorithm>

namespace midiloop {

namespace {

// Shortened for time: a confirmation runs every failed test once per rate it tries.
constexpr uint32_t kMostConfirmMessages = 200;

TestCase confirm_train(const Pacing& pacing) { return {"confirm/train", Shape::train, 111, 64, Payload::random, pacing}; }

}  // namespace

std::vector<TestCase> search_trains(const Pacing& pacing) {
  return {{"search/train", Shape::train, 111, 8, Payload::random, pacing},
          {"search/512", Shape::single, 512, 1, Payload::random, pacing}};
}

std::vector<TestCase> confirm_trains(const std::vector<TestCase>& failed, const Pacing& pacing) {
  std::vector<TestCase> cases{confirm_train(pacing)};
  for (TestCase test : failed) {
    // Probes are sent whole and waited for; under a pacing they are short messages like any other.
    if (test.shape == Shape::probe) test.shape = Shape::train;
    test.count = std::min(test.count, kMostConfirmMessages);
    test.pacing = pacing;
    cases.push_back(test);
  }
  return cases;
}

std::vector<TestCase> repeat_trains(const Pacing& pacing) { return {confirm_train(pacing)}; }

}  // namespace midiloop
