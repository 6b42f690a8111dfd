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

int exit_code_for(Verdict verdict, bool strict) {
  switch (verdict) {
    case Verdict::pass: return kExitSafe;
    case Verdict::pass_with_pacing: return strict ? kExitFails : kExitSafe;
    case Verdict::fail: return kExitFails;
    case Verdict::no_loop:
    case Verdict::not_din: return kExitInconclusive;
    case Verdict::incomplete: return kExitInterrupted;
  }
  return kExitSystem;
}

int exit_code_for(const Report& report, bool strict) {
  // The loop vanished, or the computer could not keep up: a system problem, not an interruption.
  if (report.verdict == Verdict::incomplete && (report.stopped == "loop_lost" || report.stopped == "host_trouble")) {
    return kExitSystem;
  }
  return exit_code_for(report.verdict, strict);
}

}  // namespace midiloop
