#pragma once
// "name:key=value,key=value", the way emulated models and host models are written on the command
// line: split here once; each parser checks its own names, keys and ranges.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace midiloop {

struct SpecItem {
  std::string key;
  std::string value;
  bool has_value = false;  // "key=..." rather than a bare "key"
};

struct SplitSpec {
  std::string name;
  bool has_colon = false;
  std::vector<SpecItem> items;  // in the order written; empty items kept (they are errors)
};

SplitSpec split_spec(std::string_view spec);

}  // namespace midiloop
