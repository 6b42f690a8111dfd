// The exit codes scripts depend on, from the verdict and from why a run stopped.
#include <gtest/gtest.h>

#include "tester/cli/exit_codes.hpp"

namespace midiloop {
namespace {

TEST(ExitCodes, FollowTheDesign) {
  EXPECT_EQ(exit_code_for(Verdict::pass, false), 0);
  EXPECT_EQ(exit_code_for(Verdict::pass_with_pacing, false), 0);
  EXPECT_EQ(exit_code_for(Verdict::pass_with_pacing, true), 1);
  EXPECT_EQ(exit_code_for(Verdict::fail, false), 1);
  EXPECT_EQ(exit_code_for(Verdict::no_loop, false), 3);
  EXPECT_EQ(exit_code_for(Verdict::not_din, false), 3);
  EXPECT_EQ(exit_code_for(Verdict::incomplete, false), 130);
  Report lost;
  lost.verdict = Verdict::incomplete;
  lost.stopped = StopReason::loop_lost;
  EXPECT_EQ(exit_code_for(lost, false), 4);
}

}  // namespace
}  // namespace midiloop
