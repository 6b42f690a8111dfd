#include "tests/support/jack_server.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <vector>

namespace midiloop::testing {

using namespace std::chrono_literals;

namespace {

// Two jackd of one user starting (or stopping) at the same moment race in libjack's shared state:
// with four tests starting servers at once, clients of one server were handed another's segments
// ("can't connect named futex name = jack_sem.0_<other server>_<client>", "Cannot open midiloop
// client", "Address already in use"): 13 of 40 runs failed. With starts and stops taken one at a
// time, 0 of 40 (jack2 1.9.21, tests/support and shm.c). A lock between the tests' own processes.
class ServerStartLock {
 public:
  ServerStartLock() {
    const auto path = std::filesystem::temp_directory_path() / "midiloop-test-jackd.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~ServerStartLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  ServerStartLock(const ServerStartLock&) = delete;
  ServerStartLock& operator=(const ServerStartLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

JackServer::JackServer(const std::string& tag, unsigned period)
    // No pid in the name: a server that died without unregistering (SIGKILL, a crash) leaves its
    // entry in JACK's registry of 8, and only a server of the same name reclaims it. With the pid,
    // such entries pile up across runs until no server starts ("Too many servers already active").
    : name_("midiloop-test-" + tag) {
  const ServerStartLock one_at_a_time;
  server_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{"jackd", "--no-realtime", "-n", name_, "-d", "dummy", "-r", "48000", "-p",
                               std::to_string(period)},
      std::map<std::string, std::string>{{"JACK_NO_AUDIO_RESERVATION", "1"}});
  const auto waited = run_process({"jack_wait", "-s", name_, "-w", "-t", "10"}, 15s);
  ready_ = waited.exit_code == 0 && server_->running();
  if (!ready_) problem_ = "jackd did not come up: " + waited.out + waited.err;
}

JackServer::~JackServer() {
  const ServerStartLock one_at_a_time;
  server_.reset();
  // A server stopped under its clients leaves their semaphores behind; they are ours to remove.
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/shm", ignored)) {
    if (entry.path().filename().string().find("_" + name_ + "_") != std::string::npos) {
      std::filesystem::remove(entry.path(), ignored);
    }
  }
}

void JackServer::vanish() {
  const ServerStartLock one_at_a_time;
  server_->stop();
}

}  // namespace midiloop::testing
