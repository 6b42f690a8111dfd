#pragma once
// What midiloop's exit status means: scripts and CI depend on it (README, DESIGN.md).
#include "reports/report.hpp"

namespace midiloop {

enum ExitCode : int {
  kExitSafe = 0,
  kExitFails = 1,
  kExitUsage = 2,
  kExitInconclusive = 3,
  kExitSystem = 4,
  kExitInterrupted = 130,
};
int exit_code_for(Verdict verdict, bool strict);
int exit_code_for(const Report& report, bool strict);

}  // namespace midiloop
