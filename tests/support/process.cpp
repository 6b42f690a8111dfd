#include "tests/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace midiloop::testing {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds deadline,
                          const std::map<std::string, std::string>& extra_env,
                          std::chrono::milliseconds interrupt_after, const std::string& working_directory) {
  return run_process(argv, deadline, extra_env, SignalPlan{interrupt_after, {}, {SIGINT}}, working_directory);
}

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds deadline,
                          const std::map<std::string, std::string>& extra_env, const SignalPlan& plan,
                          const std::string& working_directory) {
  const auto interrupt_after = plan.after;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    if (!working_directory.empty() && ::chdir(working_directory.c_str()) != 0) ::_exit(126);
    exec_child(argv, extra_env);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ProcessResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  bool interrupted = false;
  while (open_fds > 0) {
    const auto now = Clock::now();
    const bool marker_seen = !plan.when_out_contains.empty() && result.out.find(plan.when_out_contains) != std::string::npos;
    if (!interrupted && (marker_seen || (interrupt_after != std::chrono::milliseconds::max() && now >= start + interrupt_after))) {
      for (int signal : plan.signals) ::kill(pid, signal);
      interrupted = true;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(start + deadline - now);
    if (!interrupted && interrupt_after != std::chrono::milliseconds::max()) {
      left = std::min(left, std::chrono::duration_cast<std::chrono::milliseconds>(start + interrupt_after - now) +
                                std::chrono::milliseconds(1));
    }
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    if (::poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
    for (int k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP))) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[k].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[k]->append(buf, static_cast<std::size_t>(n));
      } else {
        ::close(fds[k].fd);
        fds[k].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds deadline,
                std::chrono::milliseconds period) {
  const auto give_up = Clock::now() + deadline;
  while (!condition()) {
    if (Clock::now() >= give_up) return false;
    ::poll(nullptr, 0, static_cast<int>(period.count()));
  }
  return true;
}

std::string schema_violations(const std::string& source_dir, const std::vector<std::string>& reports,
                              bool& unavailable) {
  const auto probe = run_process({"/usr/bin/python3", "-c", "import jsonschema"}, std::chrono::seconds(30));
  unavailable = probe.exit_code != 0;
  if (unavailable) return {};
  std::vector<std::string> argv = {"/usr/bin/python3", source_dir + "/tests/validate_report.py",
                                   source_dir + "/docs/report.schema.json"};
  argv.insert(argv.end(), reports.begin(), reports.end());
  const auto r = run_process(argv, std::chrono::seconds(60));
  if (r.exit_code == 0) return {};
  return r.out + r.err + (r.out.empty() && r.err.empty() ? "validator exited " + std::to_string(r.exit_code) : "");
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::map<std::string, std::string>& extra_env) {
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Die with the test: a server left behind by a crashed test would hold on to ctest's output
    // pipe (so ctest waits forever) and to one of JACK's 8 server slots.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(devnull, STDOUT_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    exec_child(argv, extra_env);
  }
}

BackgroundProcess::~BackgroundProcess() { stop(); }

bool BackgroundProcess::running() {
  if (pid_ < 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int BackgroundProcess::stop() {
  if (pid_ < 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  const bool exited = wait_until([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, std::chrono::seconds(5),
                                 std::chrono::milliseconds(10));
  if (!exited) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace midiloop::testing
