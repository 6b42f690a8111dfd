#include "tester/links/port_select.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace midiloop {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string numbered(const std::vector<std::string>& names, const std::vector<std::size_t>& which) {
  std::string out;
  for (std::size_t k : which) out += "\n  " + std::to_string(k) + ": " + names[k];
  return out;
}

}  // namespace

std::size_t select_port(const std::vector<std::string>& names, const std::string& selector, const std::string& direction) {
  std::vector<std::size_t> all(names.size());
  for (std::size_t k = 0; k < names.size(); ++k) all[k] = k;
  const std::string available = names.empty() ? " (there are no " + direction + " ports)"
                                              : "; " + direction + " ports:" + numbered(names, all);
  if (!selector.empty() && std::all_of(selector.begin(), selector.end(), [](unsigned char c) { return std::isdigit(c); })) {
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(selector.data(), selector.data() + selector.size(), index);
    if (error == std::errc() && end == selector.data() + selector.size() && index < names.size()) return index;
    throw PortSelectionError("no " + direction + " port number " + selector + available);
  }
  const std::string needle = lower(selector);
  std::vector<std::size_t> hits;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (lower(names[k]) == needle) return k;  // an exact name is never ambiguous
    if (lower(names[k]).find(needle) != std::string::npos) hits.push_back(k);
  }
  if (hits.size() == 1) return hits.front();
  if (hits.empty()) throw PortSelectionError("no " + direction + " port matches '" + selector + "'" + available);
  throw PortSelectionError("'" + selector + "' matches " + std::to_string(hits.size()) + " " + direction +
                           " ports; give more of the name or the number:" + numbered(names, hits));
}

}  // namespace midiloop
