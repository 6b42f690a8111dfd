#pragma once
// A command's help as data: what 'midiloop COMMAND --help' prints and what the manual page
// (man_page.hpp) is made of, read from the same options description so the two cannot disagree.
#include <string>
#include <vector>

namespace midiloop {

struct HelpOption {
  std::string name;         // "--out", or "-h, --help"
  std::string parameter;    // "arg", "arg (=auto)", or "" for a switch
  std::string description;  // one line, as the option was described
};

struct HelpPage {
  std::vector<std::string> usage;  // "midiloop run --out PORT --in PORT [options]", one per form
  std::string description;         // the paragraphs under the usage lines
  std::vector<HelpOption> options;
};

}  // namespace midiloop
