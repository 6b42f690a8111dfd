#include "tests/support/jack_server.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <vector>

namespace midiloop::testing {

using namespace std::chrono_literals;

JackServer::JackServer(const std::string& tag, unsigned period)
    // No pid in the name: a server that died without unregistering (SIGKILL, a crash) leaves its
    // entry in JACK's registry of 8, and only a server of the same name reclaims it. With the pid,
    // such entries pile up across runs until no server starts ("Too many servers already active").
    : name_("midiloop-test-" + tag) {
  server_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{"jackd", "--no-realtime", "-n", name_, "-d", "dummy", "-r", "48000", "-p",
                               std::to_string(period)},
      std::map<std::string, std::string>{{"JACK_NO_AUDIO_RESERVATION", "1"}});
  const auto waited = run_process({"jack_wait", "-s", name_, "-w", "-t", "10"}, 15s);
  ready_ = waited.exit_code == 0 && server_->running();
  if (!ready_) problem_ = "jackd did not come up: " + waited.out + waited.err;
}

JackServer::~JackServer() {
  server_.reset();
  // A server stopped under its clients leaves their semaphores behind; they are ours to remove.
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/shm", ignored)) {
    if (entry.path().filename().string().find("_" + name_ + "_") != std::string::npos) {
      std::filesystem::remove(entry.path(), ignored);
    }
  }
}

void JackServer::vanish() { server_->stop(); }

}  // namespace midiloop::testing
