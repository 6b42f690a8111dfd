#pragma once
// From test results to a verdict, and the verdict in plain words.
#include <string>
#include <vector>

#include "reports/report.hpp"

namespace midiloop {

Verdict decide_verdict(const std::vector<TestResult>& tests, bool interrupted, std::size_t tests_planned);
std::string explain_verdict(const Report& report, std::size_t tests_planned);

}  // namespace midiloop
