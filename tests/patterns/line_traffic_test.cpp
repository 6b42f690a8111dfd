// What send says it heard on a line that must be quiet before an update.
#include "patterns/line_traffic.hpp"

#include <gtest/gtest.h>

namespace midiloop {
namespace {

std::string all(const std::vector<std::string>& said) {
  std::string text;
  for (const auto& s : said) text += s + "\n";
  return text;
}

TEST(LineTraffic, NothingIsQuiet) {
  EXPECT_TRUE(classify_line_traffic({}).quiet());
  EXPECT_TRUE(describe_line_traffic(classify_line_traffic({})).empty());
}

TEST(LineTraffic, ClockIsNamedFirstWithWhatToDo) {
  const std::vector<uint8_t> bytes = {0x90, 0x3C, 0x64, 0xF8, 0xF8, 0xFE, 0xF8};
  const LineTraffic t = classify_line_traffic(bytes);
  EXPECT_EQ(t.clock, 3u);
  EXPECT_EQ(t.active_sensing, 1u);
  EXPECT_EQ(t.notes, 1u);
  EXPECT_FALSE(t.quiet());
  const auto said = describe_line_traffic(t);
  ASSERT_EQ(said.size(), 3u) << all(said);
  EXPECT_EQ(said[0].rfind("something is sending MIDI clock (3 clock bytes, F8)", 0), 0u) << said[0];
  EXPECT_NE(said[0].find("stop your DAW's transport"), std::string::npos) << said[0];
  EXPECT_EQ(said[1].rfind("a device is sending Active Sensing (1 byte, FE)", 0), 0u) << said[1];
  EXPECT_NE(said[2].find("1 note on/off message"), std::string::npos) << said[2];
}

TEST(LineTraffic, RunningStatusCountsEachMessageAndRealtimeDoesNotBreakIt) {
  // Note on, two more under running status with a clock byte between, then note off by velocity 0.
  const std::vector<uint8_t> bytes = {0x90, 0x3C, 0x64, 0x3E, 0xF8, 0x64, 0x40, 0x00};
  const LineTraffic t = classify_line_traffic(bytes);
  EXPECT_EQ(t.notes, 3u);
  EXPECT_EQ(t.clock, 1u);
  EXPECT_EQ(t.stray_data, 0u);
  // Program changes carry one data byte: C0 05 06 is two of them.
  EXPECT_EQ(classify_line_traffic(std::vector<uint8_t>{0xC0, 0x05, 0x06}).programs, 2u);
}

TEST(LineTraffic, OtherMessagesAreNamedTogether) {
  const std::vector<uint8_t> bytes = {0xB0, 0x07, 0x64, 0xF0, 0x7D, 0x01, 0xF7, 0xF2, 0x00, 0x00, 0x42, 0xFA, 0xFF};
  const LineTraffic t = classify_line_traffic(bytes);
  EXPECT_EQ(t.controllers, 1u);
  EXPECT_EQ(t.sysex, 1u);
  EXPECT_EQ(t.system_common, 1u);
  EXPECT_EQ(t.stray_data, 1u) << "F2's two data bytes are its own; 42 after them has no status";
  EXPECT_EQ(t.transport, 1u);
  EXPECT_EQ(t.reset, 1u);
  const std::string text = all(describe_line_traffic(t));
  EXPECT_NE(text.find("start/stop/continue"), std::string::npos) << text;
  EXPECT_NE(text.find("System Reset"), std::string::npos) << text;
  EXPECT_NE(text.find("something is sending MIDI (1 control change, 1 SysEx message, 1 system common message"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace midiloop
