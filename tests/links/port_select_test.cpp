#include "tester/links/port_select.hpp"

#include <gtest/gtest.h>

namespace midiloop {
namespace {

const std::vector<std::string> kPorts = {"Midi Through:Midi Through Port-0", "UM-ONE:UM-ONE MIDI 1",
                                         "USB MIDI Cable:USB MIDI Cable MIDI 1", "UM-ONE 2:UM-ONE MIDI 1"};

TEST(PortSelect, ByNumberOrCaseInsensitiveNamePart) {
  EXPECT_EQ(select_port(kPorts, "2", "output"), 2u);
  EXPECT_EQ(select_port(kPorts, "cable", "output"), 2u);
  EXPECT_EQ(select_port(kPorts, "UM-ONE:UM-ONE MIDI 1", "output"), 1u);  // exact wins over ambiguity
}

TEST(PortSelect, AmbiguousNameListsTheCandidates) {
  try {
    select_port(kPorts, "um-one", "output");
    FAIL();
  } catch (const PortSelectionError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("matches 2"), std::string::npos) << text;
    EXPECT_NE(text.find("1: UM-ONE:UM-ONE MIDI 1"), std::string::npos) << text;
    EXPECT_NE(text.find("3: UM-ONE 2:UM-ONE MIDI 1"), std::string::npos) << text;
  }
}

TEST(PortSelect, UnknownNameOrNumberListsAllPorts) {
  EXPECT_THROW(select_port(kPorts, "9", "input"), PortSelectionError);
  try {
    select_port(kPorts, "mio", "input");
    FAIL();
  } catch (const PortSelectionError& e) {
    EXPECT_NE(std::string(e.what()).find("0: Midi Through"), std::string::npos);
  }
  EXPECT_THROW(select_port({}, "x", "input"), PortSelectionError);
}

TEST(PortSelect, ANumberTooLargeForAnyPortIsAnUnknownPort) {
  // Not std::out_of_range from a conversion, which would end as a system error (exit 4).
  EXPECT_THROW(select_port(kPorts, "99999999999999999999999999", "output"), PortSelectionError);
}

}  // namespace
}  // namespace midiloop
