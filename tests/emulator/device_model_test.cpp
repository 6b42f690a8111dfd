#include "tester/emulator/device_model.hpp"

#include <gtest/gtest.h>

#include "patterns/wire.hpp"
#include "reports/report_json.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/runner/suite_runner.hpp"

namespace midiloop {
namespace {

Report run_emulated(const std::string& spec, uint64_t seed = 1) {
  VirtualClock clock;
  const auto model = parse_model_spec(spec);
  EmulatedLink link(model, clock);
  RunSettings settings;
  settings.seed = seed;
  settings.wire_speed = model.param("speed");
  return run_suite(quick_suite(), link, clock, settings);
}

TEST(ModelSpec, ParsesDefaultsAndParameters) {
  const auto m = parse_model_spec("cheap-fifo:fifo=64");
  EXPECT_EQ(m.name, "cheap-fifo");
  EXPECT_EQ(m.param("fifo"), 64);
  EXPECT_EQ(m.param("speed"), 1);
  EXPECT_EQ(parse_model_spec("good").param("fifo"), 64);
}

TEST(ModelSpec, BadSpecsNameTheProblem) {
  try {
    parse_model_spec("cheep");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("cheap-fifo"), std::string::npos);
  }
  EXPECT_THROW(parse_model_spec("cheap-fifo:size=3"), std::invalid_argument);
  EXPECT_THROW(parse_model_spec("cheap-fifo:fifo=-1"), std::invalid_argument);
  EXPECT_THROW(parse_model_spec("cheap-fifo:fifo"), std::invalid_argument);
}

std::vector<uint8_t> sysex(std::size_t total) {
  std::vector<uint8_t> m(total, 0x10);
  m.front() = 0xF0;
  m.back() = 0xF7;
  return m;
}

std::size_t delivered(DeviceModel& device) {
  std::vector<Arrival> out;
  device.deliver_until(INT64_MAX, out);
  std::size_t n = 0;
  for (const auto& a : out) n += a.bytes.size();
  return n;
}

TEST(DeviceModel, GoodHoldsTheHostBackInsteadOfDropping) {
  DeviceModel good(parse_model_spec("good:fifo=16"));
  uint64_t dropped = 0;
  const int64_t done = good.host_send(0, sysex(1000), dropped);
  EXPECT_EQ(dropped, 0u);
  // The last byte can only enter once all but 16 have started on the wire (and one is on it).
  EXPECT_EQ(done, (1000 - 16 - 1) * kWireByteNs);
  EXPECT_EQ(delivered(good), 1000u);
}

TEST(DeviceModel, CheapFifoDropsWhatOverflows) {
  DeviceModel cheap(parse_model_spec("cheap-fifo:fifo=100"));
  uint64_t dropped = 0;
  EXPECT_EQ(cheap.host_send(0, sysex(500), dropped), 0);
  // 100 bytes wait in the FIFO and one is already shifting out on the UART.
  EXPECT_EQ(dropped, 500u - 100 - 1);
  // Of the 101 that crossed the wire, the device hands over complete 3-byte SysEx packets only:
  // the last two bytes wait for a third that never comes.
  EXPECT_EQ(delivered(cheap), 99u);
}

TEST(DeviceModel, SpeedFactorScalesTheWire) {
  DeviceModel fast(parse_model_spec("good:speed=4"));
  EXPECT_EQ(fast.byte_ns(), kWireByteNs / 4);
}

TEST(EmulatedSuite, GoodPassesTheQuickSuite) {
  const Report r = run_emulated("good");
  EXPECT_EQ(r.verdict, Verdict::pass) << r.verdict_text;
  EXPECT_EQ(r.tests.size(), quick_suite().cases.size());
  for (const auto& t : r.tests) {
    EXPECT_TRUE(t.pass) << t.id;
    EXPECT_LE(t.wire_share, 1.0 * kWireTolerance) << t.id;
  }
}

TEST(EmulatedSuite, CheapFifoFailsWithDroppedBytes) {
  const Report r = run_emulated("cheap-fifo");
  EXPECT_EQ(r.verdict, Verdict::pass_with_pacing);
  uint64_t dropped = 0;
  for (const auto& t : r.tests) dropped += t.errors.dropped;
  EXPECT_GT(dropped, 10000u);
  // Small messages fit the 128-byte FIFO; 256 bytes at full speed do not, and it breaks at the FIFO size.
  auto find = [&](const std::string& id) {
    for (const auto& t : r.tests) {
      if (t.id == id) return t;
    }
    ADD_FAILURE() << id;
    return TestResult{};
  };
  EXPECT_TRUE(find("full/64").pass);
  const auto t256 = find("full/256");
  EXPECT_FALSE(t256.pass);
  ASSERT_TRUE(t256.first_error_offset);
  EXPECT_NEAR(static_cast<double>(*t256.first_error_offset), 128, 2);
  EXPECT_EQ(t256.errors.inserted + t256.errors.corrupted, 0u);
  EXPECT_TRUE(find("paced/16384").pass);  // 64-byte chunks at 80 % of the wire fit the FIFO
}

TEST(EmulatedSuite, VirtualClockRunsAreDeterministic) {
  const auto a = report_to_json(run_emulated("cheap-fifo:fifo=96", 5));
  const auto b = report_to_json(run_emulated("cheap-fifo:fifo=96", 5));
  auto strip = [](nlohmann::json j) {
    j.erase("started_at");
    return j;
  };
  EXPECT_EQ(strip(a), strip(b));
}

}  // namespace
}  // namespace midiloop
