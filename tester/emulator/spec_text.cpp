#include "tester/emulator/spec_text.hpp"


namespace midiloop {

SplitSpec split_spec(std::string_view spec) {
  SplitSpec out;
  const auto colon = spec.find(':');
  out.name = std::string(spec.substr(0, colon));
  out.has_colon = colon != std::string_view::npos;
  if (!out.has_colon) return out;
  std::string_view rest = spec.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto eq = item.find('=');
    SpecItem parsed{std::string(item.substr(0, eq)), {}, eq != std::string_view::npos};
    if (parsed.has_value) parsed.value = std::string(item.substr(eq + 1));
    out.items.push_back(std::move(parsed));
  }
  return out;
}


}  // namespace midiloop
