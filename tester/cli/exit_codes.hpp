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
  // Standard output was a pipe whose reader went away ('midiloop run | head -1'): the run stopped as
  // for Ctrl-C and wrote its report. 128 + SIGPIPE, what a shell shows for a pipe's writer.
  kExitOutputClosed = 141,
};
int exit_code_for(Verdict verdict, bool strict);
int exit_code_for(const Report& report, bool strict);

}  // namespace midiloop
