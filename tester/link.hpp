#pragma once
// The engine's only way to the interface: send bytes out, receive timestamped bytes back.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/report.hpp"

namespace midiloop {

// Bytes that arrived together, stamped on the engine's clock when they were handed over.
struct Arrival {
  int64_t t_ns = 0;
  std::vector<uint8_t> bytes;
};

// A port could not be opened, vanished, or the MIDI system failed. Carries what to try next.
class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Link {
 public:
  virtual ~Link() = default;
  // Hands bytes to the interface. May block while the interface or host applies back-pressure.
  virtual void send(std::span<const uint8_t> bytes) = 0;
  // Moves what has arrived into `out`, waiting until something has or `deadline_ns` (on the
  // engine's clock) passes. Returns whether anything was added.
  virtual bool receive(std::vector<Arrival>& out, int64_t deadline_ns) = 0;
  // The largest single send this link takes safely.
  virtual std::size_t max_chunk_bytes() const = 0;
  virtual LinkInfo info() const = 0;
};

}  // namespace midiloop
