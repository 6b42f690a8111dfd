#include "tester/emulator/device_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "patterns/wire.hpp"
#include "reports/report_json.hpp"
#include "tester/links/emulated/emulated_link.hpp"
#include "tester/runner/suite_runner.hpp"
#include "tests/support/spec_errors.hpp"

namespace midiloop {
namespace {

Report run_emulated(const std::string& spec, uint64_t seed = 1) {
  VirtualClock clock;
  const auto model = parse_model_spec(spec);
  EmulatedLink link(model, clock);
  RunSettings settings;
  settings.seed = seed;
  settings.wire_speed = model.settings.speed;
  return run_suite(quick_suite(), link, clock, settings);
}

TEST(ModelSpec, ParsesDefaultsAndParameters) {
  const auto m = parse_model_spec("cheap-fifo:fifo=64");
  EXPECT_EQ(m.name, "cheap-fifo");
  EXPECT_EQ(m.settings.fifo_bytes, 64u);
  EXPECT_EQ(m.settings.speed, 1);
  EXPECT_EQ(parse_model_spec("good").settings.fifo_bytes, 64u);
  const auto noise = parse_model_spec("line-noise:rate=0.25,baud=1.01,seed=12345678");
  EXPECT_EQ(noise.settings.bit_flip_chance, 0.25);
  EXPECT_EQ(noise.settings.baud, 1.01);
  EXPECT_EQ(noise.settings.seed, 12345678u);
  // Keys in name order; whole numbers written out, so the spec in a report parses back the same.
  EXPECT_EQ(noise.spec(), "line-noise:baud=1.01,fifo=64,rate=0.25,seed=12345678,speed=1");
  EXPECT_EQ(parse_model_spec("truncate:n=65536").spec(), "truncate:fifo=64,n=65536,speed=1");
}

TEST(ModelSpec, EveryModelParsesWithItsDefaultsAndItsSpecParsesBack) {
  for (const ModelInfo& model : emulator_models()) {
    const ModelConfig config = parse_model_spec(model.name);
    EXPECT_EQ(parse_model_spec(config.spec()).spec(), config.spec());
    for (const ModelParameter& p : model.parameters) {
      EXPECT_LE(p.min, p.default_value) << model.name << " " << p.name;
      EXPECT_GE(p.max, p.default_value) << model.name << " " << p.name;
      EXPECT_FALSE(p.meaning.empty()) << model.name << " " << p.name;
    }
  }
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

std::string error_of(const std::string& spec) { return testing::error_of(parse_model_spec, spec); }

// Specs that crashed, hung or misled before each parameter had a range, and the other ways a value
// can be wrong: each refused with what is wrong, where, and what would be right.
struct RefusedSpec {
  std::string spec;
  std::string error;
};

class RefusedModelSpec : public ::testing::TestWithParam<RefusedSpec> {};

TEST_P(RefusedModelSpec, SaysWhichParameterOfWhichModelAndWhatItMustBe) {
  EXPECT_EQ(error_of(GetParam().spec), GetParam().error);
}

const std::string kWholeBytesFrom16 = "; it must be a whole number from 16 to 65536 (bytes)";
const std::string kSpeedRange = "; it must be a number from 0.01 to 1000 (times 3125 B/s)";

INSTANTIATE_TEST_SUITE_P(
    Cases, RefusedModelSpec,
    ::testing::Values(
        // Modulo by zero (SIGFPE).
        RefusedSpec{"driver-tear:buffer=0.5",
                    "parameter 'buffer' of model 'driver-tear' is 0.5, not a whole number" + kWholeBytesFrom16},
        // Overflow on conversion, then modulo by zero (SIGFPE).
        RefusedSpec{"driver-tear:buffer=1e300",
                    "parameter 'buffer' of model 'driver-tear' is 1e300, out of range" + kWholeBytesFrom16},
        RefusedSpec{"one-event-per-transfer:events=1e300",
                    "parameter 'events' of model 'one-event-per-transfer' is 1e300, out of range; it must be a whole "
                    "number from 1 to 128 (events per USB transfer)"},
        // A FIFO size that overflowed: heap use after free.
        RefusedSpec{"good:fifo=1e300",
                    "parameter 'fifo' of model 'good' is 1e300, out of range; it must be a whole number from 1 to "
                    "65536 (bytes)"},
        // Minutes of CPU.
        RefusedSpec{"good:speed=1e-12", "parameter 'speed' of model 'good' is 1e-12, out of range" + kSpeedRange},
        // Byte times that overflow.
        RefusedSpec{"good:speed=1e-300", "parameter 'speed' of model 'good' is 1e-300, out of range" + kSpeedRange},
        // "sequence or payload length out of range" from the test header, after a long run.
        RefusedSpec{"good:speed=1e6", "parameter 'speed' of model 'good' is 1e6, out of range" + kSpeedRange},
        // Taken as a FIFO of 1 byte: a verdict about another interface than the one asked for.
        RefusedSpec{"cheap-fifo:fifo=0.5",
                    "parameter 'fifo' of model 'cheap-fifo' is 0.5, not a whole number" + kWholeBytesFrom16},
        RefusedSpec{"ch345:stale_cin=16",
                    "parameter 'stale_cin' of model 'ch345' is 16, out of range; it must be a whole number from 0 "
                    "to 15 (Code Index Number)"},
        // A probability.
        RefusedSpec{"line-noise:rate=2",
                    "parameter 'rate' of model 'line-noise' is 2, out of range; it must be a number from 0 to 1 "
                    "(chance per byte)"},
        RefusedSpec{"cheap-fifo:size=3",
                    "model 'cheap-fifo' has no parameter 'size'; parameters: fifo, a whole number from 16 to 65536 "
                    "(bytes); speed, a number from 0.01 to 1000 (times 3125 B/s) (write them as cheap-fifo:key=value)"},
        RefusedSpec{"good:fifo=64,fifo=32",
                    "parameter 'fifo' of model 'good' is given twice (fifo=64 and fifo=32): give it once; it must be a "
                    "whole number from 1 to 65536 (bytes)"},
        RefusedSpec{"cheap-fifo:fifo",
                    "parameter 'fifo' of model 'cheap-fifo' has no value (write fifo=VALUE)" + kWholeBytesFrom16},
        RefusedSpec{"cheap-fifo:fifo=lots",
                    "parameter 'fifo' of model 'cheap-fifo' is 'lots', not a finite number" + kWholeBytesFrom16},
        RefusedSpec{"good:speed=inf", "parameter 'speed' of model 'good' is 'inf', not a finite number" + kSpeedRange},
        RefusedSpec{"good:speed=nan", "parameter 'speed' of model 'good' is 'nan', not a finite number" + kSpeedRange},
        RefusedSpec{"line-noise:seed=1.5",
                    "parameter 'seed' of model 'line-noise' is 1.5, not a whole number; it must be a whole number "
                    "from 0 to 9007199254740992"}),
    [](const ::testing::TestParamInfo<RefusedSpec>& info) {
      std::string name = info.param.spec;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// Just outside its range, every parameter of every model is refused with its range.
TEST(ModelSpec, EveryParameterRefusesValuesOutsideItsRange) {
  for (const ModelInfo& model : emulator_models()) {
    for (const ModelParameter& p : model.parameters) {
      const double step = p.whole() ? std::ceil((p.max - p.min) / 2) : (p.max - p.min) / 2;
      for (const double outside : {p.min - step, p.max + step}) {
        std::ostringstream spec;
        spec << model.name << ':' << p.name << '=' << std::setprecision(17) << outside;
        const std::string error = error_of(spec.str());
        EXPECT_NE(error.find("parameter '" + p.name + "' of model '" + model.name + "'"), std::string::npos) << error;
        EXPECT_NE(error.find("out of range; it must be " + p.allowed()), std::string::npos) << error;
      }
    }
  }
}

TEST(ModelSpec, EmulateSpeedIsCheckedLikeASpecsSpeed) {
  ModelConfig model = parse_model_spec("cheap-fifo");
  set_model_parameter(model, "speed", 10);
  EXPECT_EQ(model.spec(), "cheap-fifo:fifo=128,speed=10");
  EXPECT_THROW(set_model_parameter(model, "speed", 1e9), std::invalid_argument);
  EXPECT_THROW(set_model_parameter(model, "sped", 2), std::invalid_argument);
  EXPECT_EQ(model.settings.speed, 10);
}

// The parameter table of docs/emulator.md, as the catalogue has it.
std::string parameter_table() {
  std::ostringstream table;
  table << "| model | parameter | default | allowed | meaning |\n|---|---|---|---|---|\n";
  for (const ModelInfo& model : emulator_models()) {
    for (const ModelParameter& p : model.parameters) {
      table << "| `" << model.name << "` | `" << p.name << "` | " << p.default_value << " | " << p.allowed() << " | "
            << p.meaning << " |\n";
    }
  }
  return table.str();
}

TEST(ModelCatalogue, DocsListEveryParameterWithItsDefaultRangeAndMeaning) {
  std::ifstream in(std::string(MIDILOOP_SOURCE_DIR) + "/docs/emulator.md");
  std::stringstream docs;
  docs << in.rdbuf();
  const std::string table = parameter_table();
  EXPECT_NE(docs.str().find(table), std::string::npos)
      << "docs/emulator.md should hold this table, made from the catalogue:\n" << table;
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

// What every hook point sees: long and short SysEx with clock inside, channel messages with running
// status, system common, more than one USB transfer.
std::vector<std::vector<uint8_t>> every_kind_of_byte() {
  std::vector<uint8_t> long_sysex = sysex(5000);
  for (std::size_t at = 100; at < long_sysex.size() - 1; at += 700) long_sysex[at] = 0xF8;
  return {long_sysex, {0xF0, 0x7D, 0xF7}, {0x90, 0x40, 0x7F, 0x41, 0x7F, 0xB0, 0x07, 0x64, 0x07, 0x65},
          {0xF2, 0x10, 0x20, 0xFE}, sysex(300), sysex(4)};
}

// At the edges of its ranges every model still ends: no division by zero, no overflow, no endless
// loop (the sanitizer build also sees no memory error).
TEST(DeviceModel, EveryModelRunsAtTheLimitsOfEveryParameter) {
  for (const ModelInfo& model : emulator_models()) {
    for (const ModelParameter& p : model.parameters) {
      for (const double value : {p.min, p.max}) {
        ModelConfig config = parse_model_spec(model.name);
        set_model_parameter(config, p.name, value);
        DeviceModel device(config, 7);
        uint64_t dropped = 0;
        int64_t t = 0;
        std::size_t sent = 0;
        for (const auto& bytes : every_kind_of_byte()) {
          t = device.host_send(t, bytes, dropped);
          sent += bytes.size();
        }
        const std::size_t received = delivered(device);
        // Bytes are added only where driver-tear repeats 2 per buffer of at least 16, and where a bit
        // flip makes a status of a data byte, whose running status the device then writes out (3
        // bytes for 2).
        EXPECT_LE(received, 2 * sent) << config.spec();
        EXPECT_LE(dropped, sent) << config.spec();
      }
    }
  }
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
