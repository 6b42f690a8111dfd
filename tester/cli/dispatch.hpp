#pragma once
// The command line's entry: the command word chooses a command, which reads its own options and
// runs; whatever a command throws ends here, as its message and its exit code.
#include <span>
#include <string>
#include <vector>

#include "tester/cli/console.hpp"

namespace midiloop {

struct Command {
  const char* name;
  const char* summary;                              // its line in 'midiloop --help'
  // Reads its options from the words after its name, then runs.
  int (*main)(const std::vector<std::string>& args, Console& console);
};

// Every command, in the order 'midiloop --help' lists them.
std::span<const Command> commands();

// What 'midiloop --help' and the manual page say about midiloop as a whole.
std::string overview_description();
struct EnvironmentVariable {
  const char* name;
  const char* meaning;
};
std::span<const EnvironmentVariable> environment_variables();

// Parses argv and dispatches. Returns the process exit code (exit_codes.hpp).
int cli_main(int argc, const char* const* argv, Console& console);

}  // namespace midiloop
