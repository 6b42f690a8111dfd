#include "tester/engine/clock.hpp"

#include <chrono>
#include <thread>

namespace midiloop {
namespace {
int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

SteadyClock::SteadyClock() : origin_ns_(steady_ns()) {}

int64_t SteadyClock::now_ns() { return steady_ns() - origin_ns_; }

void SteadyClock::sleep_until(int64_t t_ns) {
  // sleep_until alone wakes 50-100 µs late on a loaded machine; sleep to just short of the
  // target and spin the rest, so pacing gaps are honoured to a few microseconds.
  constexpr int64_t kSpinNs = 200'000;
  int64_t remaining = t_ns - now_ns();
  if (remaining > kSpinNs) {
    std::this_thread::sleep_for(std::chrono::nanoseconds(remaining - kSpinNs));
  }
  while (now_ns() < t_ns) {
  }
}

}  // namespace midiloop
