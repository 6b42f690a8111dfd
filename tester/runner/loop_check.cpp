#include "tester/runner/loop_check.hpp"

#include <cstdio>
#include <vector>

#include "patterns/wire.hpp"
#include "tester/engine/engine.hpp"

namespace midiloop {
namespace {

constexpr std::size_t kProbeBytes = 32;

std::vector<uint8_t> probe_message() {
  std::vector<uint8_t> message{0xF0, 0x7D, 0x4C};  // 'L': a loop probe, not a test message
  for (std::size_t k = message.size(); k + 1 < kProbeBytes; ++k) message.push_back(static_cast<uint8_t>((k * 37) & 0x7F));
  message.push_back(0xF7);
  return message;
}

}  // namespace

std::string LoopCheck::words() const {
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f ms", static_cast<double>(round_trip_ns) / 1e6);
  switch (state) {
    case LoopState::nothing_back:
      return "nothing back yet - is the cable in the interface's OUT and its own IN?";
    case LoopState::faster_than_wire:
      return std::string("data came back faster than a cable can carry it (") + ms +
             ") - these are software ports (a virtual MIDI thru), not the interface's DIN sockets";
    case LoopState::found:
      return std::string("loop found: ") + ms + " there and back";
  }
  return {};
}

LoopCheck check_loop(Link& link, Clock& clock, double wire_speed, const std::function<bool()>& should_stop) {
  EngineOptions options;
  options.wire_speed = wire_speed;
  options.should_stop = should_stop;
  Engine engine(link, clock, options);
  const auto message = probe_message();
  const auto trips = engine.round_trips({message}, 1);
  LoopCheck check;
  if (trips.ns.empty() || trips.ns.front() < 0) return check;
  check.round_trip_ns = trips.ns.front();
  // The last byte cannot be back before the bytes ahead of it crossed the wire, less the finest step
  // the link's times have.
  const int64_t floor_ns = wire_ns(message.size() - 1, wire_speed) - engine.resolution_ns();
  check.state = check.round_trip_ns < floor_ns ? LoopState::faster_than_wire : LoopState::found;
  return check;
}

}  // namespace midiloop
