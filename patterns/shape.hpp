#pragma once
// The shape of a test: how its messages are laid out in time.
#include <optional>
#include <string_view>

namespace midiloop {

enum class Shape {
  probe,              // short messages sent one at a time, each waited for: connectivity and latency
  single,             // one message of N bytes
  train,              // M messages of N bytes back to back (an OS upload looks like this)
  realtime_in_sysex,  // one message with a clock byte (F8) every 32 bytes inside it
  running_status,     // control changes on one channel: an interface may send them in running status
};

inline constexpr Shape kAllShapes[] = {Shape::probe, Shape::single, Shape::train, Shape::realtime_in_sysex,
                                       Shape::running_status};

std::string_view shape_name(Shape shape);  // "probe", "single", "train", "realtime-in-sysex", "running-status"

}  // namespace midiloop
