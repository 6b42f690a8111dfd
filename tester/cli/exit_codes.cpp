#include "tester/cli/exit_codes.hpp"

namespace midiloop {

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
  const bool system = report.stopped == StopReason::loop_lost || report.stopped == StopReason::host_trouble;
  if (report.verdict == Verdict::incomplete && system) {
    return kExitSystem;
  }
  return exit_code_for(report.verdict, strict);
}

}  // namespace midiloop
