#include "tester/cli/models_command.hpp"

#include "tester/cli/exit_codes.hpp"
#include "tester/emulator/device_model.hpp"
#include "tester/links/emulated/host_model.hpp"

namespace midiloop {

ModelsOptions parse_models_options(const Args& args) {
  parse(args,
        command_options("Usage: midiloop models\n\nLists the emulated interfaces, what each models and its "
                        "parameters, and the host models --host puts in front of them"),
        "models");
  return {};
}

int run_models(const ModelsOptions&, Console& console) {
  for (const auto& m : emulator_models()) {
    console.out << m.name << "\n  " << indented(m.description) << "\n";
    if (!m.expected_error.empty()) {
      console.out << "  the suite shows it as: "
                  << (m.expected_error == "truncated" ? "truncated messages" : m.expected_error + " bytes") << "\n";
    }
    for (const auto& p : m.parameters) {
      console.out << "    " << p.name << "=" << p.default_value << "  " << p.meaning << "; " << p.allowed() << "\n";
    }
  }
  console.out << "\nHost models, put between midiloop and a model with --host (what the host does to bytes and "
                 "times):\n";
  for (const auto& h : host_models()) {
    console.out << h.name << "\n  " << indented(h.description) << "\n";
    for (const auto& p : h.parameters) {
      console.out << "    " << p.name << "=" << static_cast<long long>(p.default_value) << "  " << p.meaning << " ("
                  << static_cast<long long>(p.min) << " to " << static_cast<long long>(p.max) << ")\n";
    }
  }
  console.out << "\nUse as: midiloop run --emulate cheap-fifo:fifo=64\n"
                 "        midiloop run --emulate cheap-fifo --host jack:period=1024\n";
  return kExitSafe;
}

}  // namespace midiloop
