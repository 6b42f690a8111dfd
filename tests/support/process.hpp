#pragma once
// Runs a program as a child with a deadline and captures its output: for CLI and end-to-end tests.
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace midiloop::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed at the deadline
  bool timed_out = false;
  std::string out;
  std::string err;
  std::chrono::milliseconds elapsed{0};
};

// Runs argv[0] with the rest as arguments, `extra_env` added to this process's environment.
// With `interrupt_after`, the child gets SIGINT (a Ctrl-C) that long after it started.
ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds deadline,
                          const std::map<std::string, std::string>& extra_env = {},
                          std::chrono::milliseconds interrupt_after = std::chrono::milliseconds::max(),
                          const std::string& working_directory = {});

// When to signal the child, and with what: `after` it started, or as soon as its stdout contains
// `when_out_contains` (an event, not a guess at timing); each of `signals` in turn.
struct SignalPlan {
  std::chrono::milliseconds after = std::chrono::milliseconds::max();
  std::string when_out_contains;
  std::vector<int> signals;
};
ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds deadline,
                          const std::map<std::string, std::string>& extra_env, const SignalPlan& plan,
                          const std::string& working_directory = {});

// Checks `condition` every `period` until it holds (true) or `deadline` passes (false).
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds deadline,
                std::chrono::milliseconds period = std::chrono::milliseconds(20));

// Validates reports against docs/report.schema.json with Debian's python3-jsonschema. Returns the
// violations, one per line; empty when every report is valid. `unavailable` is set (and nothing
// validated) when /usr/bin/python3 has no jsonschema module.
std::string schema_violations(const std::string& source_dir, const std::vector<std::string>& reports,
                              bool& unavailable);

// A child that keeps running until stop(): SIGTERM, then SIGKILL if it does not exit in time.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& extra_env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  bool running();
  // Returns the exit code, or -1 if it had to be killed or had already been reaped.
  int stop();

 private:
  int pid_ = -1;
};

}  // namespace midiloop::testing
