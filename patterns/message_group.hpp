#pragma once
// The groups of MIDI 1.0 messages, as the compliance checks are sorted by them.
#include <string_view>

namespace midiloop {

enum class MessageGroup { channel_voice, system_common, realtime, sysex };

inline constexpr MessageGroup kAllMessageGroups[] = {MessageGroup::channel_voice, MessageGroup::system_common,
                                                     MessageGroup::realtime, MessageGroup::sysex};

std::string_view message_group_name(MessageGroup group);  // "channel-voice", "system-common", "realtime", "sysex"

}  // namespace midiloop
