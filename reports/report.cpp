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

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::interrupted: return "interrupted";
    case StopReason::loop_lost: return "loop_lost";
    case StopReason::host_trouble: return "host_trouble";
  }
  return "?";
}

std::string_view back_pressure_name(BackPressure back_pressure) {
  switch (back_pressure) {
    case BackPressure::unknown: return "unknown";
    case BackPressure::holds_back: return "holds-back";
    case BackPressure::drops: return "drops";
    case BackPressure::buffers: return "buffers";
  }
  return "?";
}

std::string_view trial_phase_name(TrialPhase phase) {
  switch (phase) {
    case TrialPhase::search: return "search";
    case TrialPhase::confirm: return "confirm";
    case TrialPhase::repeat: return "repeat";
  }
  return "?";
}

std::string_view effect_name(Effect effect) {
  switch (effect) {
    case Effect::harmless: return "harmless";
    case Effect::playing: return "playing";
    case Effect::transfers: return "transfers";
  }
  return "?";
}

}  // namespace midiloop
