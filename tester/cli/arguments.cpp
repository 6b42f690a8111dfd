#include "tester/cli/arguments.hpp"

#include <sstream>

#include "tester/cli/errors.hpp"
#include "tester/cli/ports.hpp"

namespace midiloop {

po::options_description command_options(const std::string& usage) {
  po::options_description desc(usage);
  desc.add_options()("help,h", "show this help");
  return desc;
}

void add_api_option(po::options_description& desc, std::string& api) {
  desc.add_options()("api", po::value(&api)->default_value(api), ("MIDI API: " + join(all_api_choices(), ", ")).c_str());
}

po::variables_map parse(const Args& args, const po::options_description& desc, const std::string& command,
                        const char* positional, int count) {
  po::variables_map vm;
  po::positional_options_description bare;
  if (positional) bare.add(positional, count);
  try {
    po::store(po::command_line_parser(args).options(desc).positional(bare).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError("midiloop " + command + ": " + e.what() + "; see 'midiloop " + command + " --help'");
  }
  if (vm.count("help")) {
    std::ostringstream help;
    help << desc;
    throw HelpRequested(help.str());
  }
  return vm;
}

std::optional<double> quantity_option(const po::variables_map& vm, const std::string& name, const Quantity& quantity,
                                      const std::string& command) {
  if (!vm.count(name)) return std::nullopt;
  try {
    return parse_quantity(vm[name].as<std::string>(), quantity, "--" + name);
  } catch (const QuantityError& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

std::optional<uint64_t> whole_option(const po::variables_map& vm, const std::string& name, const Quantity& quantity,
                                     const std::string& command) {
  if (!vm.count(name)) return std::nullopt;
  try {
    return parse_whole(vm[name].as<std::string>(), quantity, "--" + name);
  } catch (const QuantityError& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

}  // namespace midiloop
