#pragma once
// The engine's only source of time. int64 nanoseconds; the report names the clock.
#include <chrono>
#include <cstdint>
#include <string_view>

namespace midiloop {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now_ns() = 0;
  virtual void sleep_until(int64_t t_ns) = 0;
  virtual std::string_view name() const = 0;
};

// std::chrono::steady_clock, counted from when this object was made.
class SteadyClock final : public Clock {
 public:
  SteadyClock();
  int64_t now_ns() override;
  void sleep_until(int64_t t_ns) override;
  std::string_view name() const override { return "steady_clock"; }
  std::chrono::steady_clock::time_point time_point(int64_t t_ns) const {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(origin_ns_ + t_ns));
  }

 private:
  int64_t origin_ns_;
};

// Time that moves only when someone waits: a full suite on the emulator takes milliseconds of
// CPU and gives the same result every run.
class VirtualClock final : public Clock {
 public:
  int64_t now_ns() override { return now_; }
  void sleep_until(int64_t t_ns) override { advance_to(t_ns); }
  void advance_to(int64_t t_ns) {
    if (t_ns > now_) now_ = t_ns;
  }
  std::string_view name() const override { return "virtual"; }

 private:
  int64_t now_ = 0;
};

}  // namespace midiloop
