#include "reports/user_file.hpp"

#include <utility>

#include "reports/user_file_system.hpp"

namespace midiloop {

using namespace user_file_system;

std::string user_file_system::quoted(const std::string& path) { return "'" + path + "'"; }

void check_output_paths(const std::vector<OutputPath>& outputs, const std::vector<OutputPath>& inputs) {
  std::vector<std::pair<std::string, const OutputPath*>> seen;
  for (const OutputPath& input : inputs) seen.emplace_back(identity_of(input), &input);
  for (const OutputPath& output : outputs) {
    if (output.path.empty()) {
      throw OutputPathError("the " + output.what + " path is empty: give a file name");
    }
    const std::string identity = identity_of(output);
    const std::string folder = folder_of_target(output);
    if (const auto reason = folder_refuses(folder)) {
      throw OutputPathError("cannot write the " + output.what + " " + quoted(output.path) + ": the folder " +
                            quoted(folder) + " is not writable (" + *reason + ")");
    }
    for (const auto& [other_identity, other] : seen) {
      if (other_identity == identity) {
        throw OutputPathError("the " + other->what + " " + quoted(other->path) + " and the " + output.what + " " +
                              quoted(output.path) + " are the same file: give each its own name");
      }
    }
    seen.emplace_back(identity, &output);
  }
}

}  // namespace midiloop
