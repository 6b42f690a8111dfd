#include "patterns/message_group.hpp"

namespace midiloop {

std::string_view message_group_name(MessageGroup group) {
  switch (group) {
    case MessageGroup::channel_voice: return "channel-voice";
    case MessageGroup::system_common: return "system-common";
    case MessageGroup::realtime: return "realtime";
    case MessageGroup::sysex: return "sysex";
  }
  return "?";
}

}  // namespace midiloop
