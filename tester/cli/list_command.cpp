#include "tester/cli/list_command.hpp"

#include <algorithm>

#include "tester/cli/errors.hpp"
#include "tester/cli/ports.hpp"

namespace midiloop {
namespace {

void print_ports(const std::vector<ApiPorts>& apis, std::ostream& out) {
  for (const auto& api : apis) {
    out << api.api << ":\n";
    if (!api.problem.empty()) {
      out << "  (" << api.problem << ")\n";
      continue;
    }
    out << "  outputs (--out):\n";
    for (std::size_t k = 0; k < api.outputs.size(); ++k) out << "    " << k << ": " << api.outputs[k] << "\n";
    out << "  inputs (--in):\n";
    for (std::size_t k = 0; k < api.inputs.size(); ++k) out << "    " << k << ": " << api.inputs[k] << "\n";
  }
}

}  // namespace

ListOptions parse_list_options(const Args& args) {
  ListOptions options;
  auto desc = command_options("Usage: midiloop list [--api API]\n\nLists MIDI ports per API, numbered; "
                              "--out and --in take the number or part of the name");
  add_api_option(desc, options.api);
  parse(args, desc, "list");
  return options;
}

int run_list(const ListOptions& options, Console& console) {
  const auto apis = list_all_ports(options.api);
  print_ports(apis, console.out);
  const bool usable = std::any_of(apis.begin(), apis.end(), [](const ApiPorts& a) { return a.problem.empty(); });
  if (!usable) throw SystemError("midiloop list: no MIDI API could list ports (reasons above)");
  return kExitSafe;
}

}  // namespace midiloop
