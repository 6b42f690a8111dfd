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

HelpPage help_page(const po::options_description& desc) {
  HelpPage page;
  // The caption is the usage lines ("Usage: midiloop X ...", then "       midiloop X ..."), a blank
  // line, and the description. Boost 1.74 gives no accessor for it, but prints it, with a ':', before
  // the options, of which command_options() puts --help first.
  std::ostringstream printed;
  printed << desc;
  const std::string text = printed.str();
  const auto options_start = text.find(":\n  -h [ --help ]");
  std::istringstream caption(text.substr(0, options_start));
  std::string line;
  while (std::getline(caption, line) && !line.empty()) {
    const auto start = line.find("midiloop");
    if (start != std::string::npos) page.usage.push_back(line.substr(start));
  }
  for (std::string rest; std::getline(caption, rest);) page.description += (page.description.empty() ? "" : "\n") + rest;
  for (const auto& option : desc.options()) {
    const std::string long_name = option->canonical_display_name(po::command_line_style::allow_long);
    const std::string short_name = option->canonical_display_name(po::command_line_style::allow_dash_for_short);
    HelpOption o;
    const bool has_short = short_name.size() == 2 && short_name.front() == '-';
    o.name = has_short ? short_name + ", " + long_name : long_name;
    o.parameter = option->format_parameter();
    o.description = option->description();
    page.options.push_back(std::move(o));
  }
  return page;
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
    throw HelpRequested(help.str(), help_page(desc));
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
