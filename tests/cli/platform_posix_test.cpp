// The interruption path on POSIX: the first SIGINT or SIGTERM sets the flag the run polls; a second
// ends the process with 130 at once. The exits are GoogleTest death tests (a forked child).
#include <gtest/gtest.h>

#include <csignal>

#include "tester/cli/exit_codes.hpp"
#include "tester/cli/platform.hpp"

namespace midiloop {
namespace {

volatile std::sig_atomic_t g_flag = 0;

TEST(PlatformDeathTest, AFirstInterruptionSetsTheFlagASecondEndsWith130) {
  EXPECT_EXIT(
      {
        platform::catch_interruptions(&g_flag);
        std::raise(SIGTERM);
        if (g_flag != SIGTERM) std::_Exit(1);
        std::raise(SIGINT);
        std::_Exit(0);  // not reached when the second interruption ends the process
      },
      ::testing::ExitedWithCode(kExitInterrupted), "");
}

TEST(PlatformDeathTest, AClosedPipeIsAFailedWriteNotADeath) {
  EXPECT_EXIT(
      {
        platform::catch_interruptions(&g_flag);
        std::raise(SIGPIPE);
        std::_Exit(3);
      },
      ::testing::ExitedWithCode(3), "");
}

}  // namespace
}  // namespace midiloop
