#pragma once
// The words after a command, read with Boost.Program_options the same way for every command.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "patterns/quantity.hpp"
#include "tester/cli/help_page.hpp"

namespace midiloop {

namespace po = boost::program_options;

// The words after the command: 'midiloop run --emulate good' gives {"--emulate", "good"}.
using Args = std::vector<std::string>;

// The options description as data (help_page.hpp): what the manual page is made of.
HelpPage help_page(const po::options_description& desc);

// A command's options under its usage text, starting with --help.
po::options_description command_options(const std::string& usage);
// --api, with the choices this build has.
void add_api_option(po::options_description& desc, std::string& api);

// Reads `args` into the values `desc` is bound to. `positional`: the option bare words stand for
// (a file, a model, reports), if any; `count` of them, -1 for any number. Throws UsageError naming
// the command for a bad command line, HelpRequested with `desc` for --help.
po::variables_map parse(const Args& args, const po::options_description& desc, const std::string& command,
                        const char* positional = nullptr, int count = 1);

std::string join(const std::vector<std::string>& items, const char* separator);

// A number option (declared as text) read once as the quantity it is, with its range
// (patterns/quantity.hpp); nothing when it was not given. Throws UsageError naming the command,
// the option and the range.
std::optional<double> quantity_option(const po::variables_map& vm, const std::string& name, const Quantity& quantity,
                                      const std::string& command);
// The same for whole numbers up to 2^64-1 (seeds).
std::optional<uint64_t> whole_option(const po::variables_map& vm, const std::string& name, const Quantity& quantity,
                                     const std::string& command);

}  // namespace midiloop
