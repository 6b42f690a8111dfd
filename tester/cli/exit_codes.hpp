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
// Each code with what it means, for 'midiloop --help' and the manual page.
struct ExitCodeMeaning {
  int code;
  const char* meaning;
};
inline constexpr ExitCodeMeaning kExitCodeMeanings[] = {
    {kExitSafe, "safe (PASS, or PASS_WITH_PACING without --strict); a command other than run: done"},
    {kExitFails, "the interface fails (FAIL; PASS_WITH_PACING with --strict)"},
    {kExitUsage, "usage or input error: a bad option, an unknown port, a malformed file"},
    {kExitInconclusive, "inconclusive: nothing came back (NO_LOOP) or not through a DIN cable (NOT_DIN)"},
    {kExitSystem, "port or system error: a port vanished, the host disturbed the run, a write failed, send heard MIDI on a line that must be quiet"},
    {kExitInterrupted, "interrupted by Ctrl-C (INCOMPLETE); the report so far is written"},
    {kExitOutputClosed, "standard output was closed by its reader (INCOMPLETE); the report so far is written"},
};

int exit_code_for(Verdict verdict, bool strict);
int exit_code_for(const Report& report, bool strict);

}  // namespace midiloop
