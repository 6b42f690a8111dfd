#pragma once
// How a link takes the arrival times of what comes back. Plain data, used by the links and the
// report alike.
#include <string_view>

namespace midiloop {

// The JACK frame each event is at; the MIDI API's own per-message time; the emulator's clock.
enum class TimestampSource { jack_frame, host_timestamp, virtual_clock };

inline constexpr TimestampSource kAllTimestampSources[] = {TimestampSource::jack_frame, TimestampSource::host_timestamp,
                                                           TimestampSource::virtual_clock};

std::string_view timestamp_source_name(TimestampSource source);  // "jack-frame", "host-timestamp", "virtual"

}  // namespace midiloop
