#include "patterns/timestamp_source.hpp"

namespace midiloop {

std::string_view timestamp_source_name(TimestampSource source) {
  switch (source) {
    case TimestampSource::jack_frame: return "jack-frame";
    case TimestampSource::host_timestamp: return "host-timestamp";
    case TimestampSource::virtual_clock: return "virtual";
  }
  return "?";
}

}  // namespace midiloop
