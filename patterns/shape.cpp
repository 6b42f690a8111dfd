#include "patterns/shape.hpp"

namespace midiloop {

std::string_view shape_name(Shape shape) {
  switch (shape) {
    case Shape::probe: return "probe";
    case Shape::single: return "single";
    case Shape::train: return "train";
    case Shape::realtime_in_sysex: return "realtime-in-sysex";
    case Shape::running_status: return "running-status";
  }
  return "?";
}

}  // namespace midiloop
