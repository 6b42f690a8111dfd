#pragma once
// A JACK server of a test's own (dummy driver, no sound hardware, no realtime scheduling): a name of
// its own ("midiloop-test-" and the test's tag), so it never touches anyone else's, and stopped with
// the test.
#include <memory>
#include <string>

#include "tests/support/process.hpp"

namespace midiloop::testing {

class JackServer {
 public:
  // `tag` makes the name unique among the tests' servers; `period` is in frames at 48 kHz.
  explicit JackServer(const std::string& tag, unsigned period = 1024);
  ~JackServer();
  JackServer(const JackServer&) = delete;
  JackServer& operator=(const JackServer&) = delete;
  const std::string& name() const { return name_; }
  bool ready() const { return ready_; }
  const std::string& problem() const { return problem_; }
  // Stops the server under its clients' feet. SIGTERM, not SIGKILL: a killed jackd leaves its entry
  // in JACK's shared-memory registry, which holds 8 servers, and later servers fail to start.
  void vanish();

 private:
  std::string name_;
  std::unique_ptr<BackgroundProcess> server_;
  bool ready_ = false;
  std::string problem_;
};

}  // namespace midiloop::testing
