#include "reports/report.hpp"

namespace midiloop {
namespace {
constexpr std::pair<Verdict, std::string_view> kNames[] = {
    {Verdict::pass, "PASS"},       {Verdict::pass_with_pacing, "PASS_WITH_PACING"},
    {Verdict::fail, "FAIL"},       {Verdict::no_loop, "NO_LOOP"},
    {Verdict::not_din, "NOT_DIN"}, {Verdict::incomplete, "INCOMPLETE"},
};
}

std::string_view verdict_name(Verdict verdict) {
  for (auto [v, name] : kNames) {
    if (v == verdict) return name;
  }
  return "?";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (auto [v, n] : kNames) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace midiloop
