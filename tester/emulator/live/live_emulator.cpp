#include "tester/emulator/live/live_emulator.hpp"

#include <algorithm>

namespace midiloop {

LiveEmulatorStats run_live_emulator(const ModelConfig& model, uint64_t seed, Link& ports, SteadyClock& clock,
                                    const std::function<bool()>& should_stop) {
  constexpr int64_t kPollNs = 100'000'000;
  DeviceModel device(model, seed);
  LiveEmulatorStats stats;
  int64_t host_free_ns = 0;  // the model's host side sends one transfer after another
  std::vector<Arrival> incoming, outgoing;
  while (!should_stop()) {
    int64_t wake = clock.now_ns() + kPollNs;
    int64_t next = 0;
    if (device.next_arrival(next)) wake = std::min(wake, next);
    incoming.clear();
    ports.receive(incoming, wake);
    for (const Arrival& a : incoming) {
      // A real host would queue these in its driver while the device holds it back; so does this.
      host_free_ns = device.host_send(std::max(a.t_ns, host_free_ns), a.bytes, stats.bytes_dropped);
      stats.bytes_in += a.bytes.size();
    }
    outgoing.clear();
    device.deliver_until(clock.now_ns(), outgoing);
    for (const Arrival& a : outgoing) {
      for (std::size_t at = 0; at < a.bytes.size(); at += ports.max_chunk_bytes()) {
        const std::size_t n = std::min(ports.max_chunk_bytes(), a.bytes.size() - at);
        ports.send(std::span<const uint8_t>(a.bytes).subspan(at, n), clock.now_ns());
      }
      stats.bytes_out += a.bytes.size();
    }
  }
  return stats;
}

}  // namespace midiloop
