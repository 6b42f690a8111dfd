#pragma once
// The MIDI 1.0 compliance checks: what to send for each, in the units the host hands over.
// How an interface's answer is judged lives in tester/compliance.
#include <cstdint>
#include <string>
#include <vector>

#include "patterns/message_group.hpp"

namespace midiloop {

// How a check sends its realtime bytes: apart, or back to back in bursts.
enum class RealtimeSpacing { apart, back_to_back };

struct ComplianceCheck {
  std::string id;           // "group/name"
  MessageGroup group = MessageGroup::channel_voice;
  std::string expectation;  // what MIDI 1.0 expects to come back, in words
  // Each unit goes to the interface in one send, so what a unit holds arrives back to back
  // (bursts); units are spaced at half the wire rate so no buffer can overflow.
  std::vector<std::vector<uint8_t>> units;
  // The deviation a failure means when nothing more specific is recognised (tester/compliance).
  std::string deviation;
  // Sent back to back, realtime bytes that are lost show a loss in bursts (drops-realtime-in-bursts)
  // rather than realtime lost as such (drops-realtime).
  RealtimeSpacing realtime_spacing = RealtimeSpacing::apart;
};

// The checks a run sends, in order. The largest-SysEx check is judged from the suite's largest
// paced SysEx test instead of being sent again.
std::vector<ComplianceCheck> compliance_checks();

inline constexpr const char* kLargestSysexCheck = "sysex/largest";

}  // namespace midiloop
