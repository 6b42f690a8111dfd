#include <csignal>
#include <iostream>

#include "tester/cli/dispatch.hpp"

namespace {
volatile std::sig_atomic_t g_interrupted = 0;  // the only thing the handler touches
extern "C" void on_signal(int) { g_interrupted = 1; }
}  // namespace

int main(int argc, char** argv) {
  struct sigaction action{};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  midiloop::Console console{std::cout, std::cerr, &g_interrupted};
  return midiloop::cli_main(argc, argv, console);
}
