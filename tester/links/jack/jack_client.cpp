#include "tester/links/jack/jack_client.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "tester/engine/link.hpp"

namespace midiloop::jack {
namespace {

// libjack prints to stderr ("Cannot connect to server socket ..."); its messages are kept for
// our own error text instead. All of them: when an open fails, libjack's last word is always the
// unrelated "JackShmReadWritePtr::~JackShmReadWritePtr - Init not done for -1", printed while it
// tears down, and the cause is a message before it.
std::mutex g_message_mutex;
std::vector<std::string> g_messages;
void keep_message(const char* message) {
  std::lock_guard lock(g_message_mutex);
  if (g_messages.size() < 16) g_messages.emplace_back(message ? message : "");
}
std::vector<std::string> take_messages() {
  std::lock_guard lock(g_message_mutex);
  return std::exchange(g_messages, {});
}
void quiet_libjack() {
  static std::once_flag once;
  std::call_once(once, [] {
    jack_set_error_function(&keep_message);
    jack_set_info_function(&keep_message);
  });
}

constexpr const char* kNoServer =
    "no JACK server is running (start one, e.g. 'jackd -d dummy' or with your sound card, and set "
    "JACK_DEFAULT_SERVER if it has a name)";

bool mentions(const std::vector<std::string>& messages, std::string_view text) {
  return std::any_of(messages.begin(), messages.end(),
                     [&](const std::string& m) { return m.find(text) != std::string::npos; });
}

// jack_client_open reports every failure of the open itself as JackFailure|JackServerError (the
// status bits of the cause are overwritten), so the cause is read from libjack's messages.
std::string open_failure(const std::string& name, const std::vector<std::string>& messages) {
  if (mentions(messages, "Cannot connect to server socket") || mentions(messages, "Server is not running")) {
    return kNoServer;
  }
  std::string causes;
  for (const auto& m : messages) {
    if (m.find("Init not done") != std::string::npos) continue;
    causes += (causes.empty() ? "" : "; ") + m;
  }
  return "the JACK server refused a client '" + name + "' (" + (causes.empty() ? "no reason given" : causes) +
         "); if it keeps happening, restart the JACK server";
}

void on_shutdown(jack_status_t, const char* reason, void* notices) {
  auto* told = static_cast<Client::Notices*>(notices);
  told->shutdown_reason = reason ? reason : "";
  told->shut_down = true;
}

int on_xrun(void* notices) {
  ++static_cast<Client::Notices*>(notices)->xruns;
  return 0;
}

// Set when a jack_client_close never returned: it holds libjack's open/close lock for good, so a
// later jack_client_open would wait on it forever.
std::atomic<bool> g_close_abandoned{false};
constexpr auto kCloseDeadline = std::chrono::seconds(5);

}  // namespace

uint32_t Cycle::frame_of(int64_t t_ns) const {
  if (t_ns <= start_ns || frame_ns <= 0) return 0;
  const double frame = std::ceil(static_cast<double>(t_ns - start_ns) / frame_ns - 1e-9);
  return static_cast<uint32_t>(std::min<double>(frame, frames));
}

Client::Client(const std::string& name, SteadyClock& clock) {
  if (g_close_abandoned) {
    throw LinkError("an earlier JACK client of this run could not be closed (libjack did not answer within " +
                    std::to_string(kCloseDeadline.count()) + " s); restart the JACK server and run midiloop again");
  }
  quiet_libjack();
  take_messages();
  jack_status_t status{};
  client_ = jack_client_open(name.c_str(), JackNoStartServer, &status);
  if (!client_) throw LinkError(open_failure(name, take_messages()));
  jack_on_info_shutdown(client_, &on_shutdown, notices_.get());
  jack_set_xrun_callback(client_, &on_xrun, notices_.get());
  // JACK's clock against the engine's: the pair read closest together wins. Both are monotonic
  // on Linux (jack2 reads CLOCK_MONOTONIC); the offset is measured rather than assumed.
  int64_t best_gap = INT64_MAX;
  for (int k = 0; k < 16; ++k) {
    const int64_t before = clock.now_ns();
    const auto jack_us = static_cast<int64_t>(jack_get_time());
    const int64_t after = clock.now_ns();
    if (after - before < best_gap) {
      best_gap = after - before;
      offset_ns_ = jack_us * 1000 - (before + after) / 2;
    }
  }
}

// jack2 (1.9.21) can deadlock in jack_client_close once its server has gone. The server's last
// notifications (the shutdown, then the removal of every other client) are handled on libjack's
// notification thread, partly under a process-wide mutex; jack_client_close cancels that thread
// (asynchronously) and then takes the same mutex (JackClient::Close, JackLibClient::ClientNotifyImp,
// JackPosixThread::Kill; docs/background.md §6). A server stopped mid-run hung midiloop there in 2
// runs of 50. So a client whose server shut down is left open (the process ends soon, and the
// server's side of it is gone anyway), and any other close gets a deadline; its notices are then
// never freed, as libjack's threads may still write to them.
Client::~Client() {
  if (notices_->shut_down) {
    (void)notices_.release();
    return;
  }
  auto closed = std::make_shared<std::promise<void>>();
  auto waited = closed->get_future();
  try {
    std::thread([client = client_, closed] {
      jack_client_close(client);
      closed->set_value();
    }).detach();
  } catch (const std::system_error&) {  // no thread to spare: close without a deadline
    jack_client_close(client_);
    return;
  }
  if (waited.wait_for(kCloseDeadline) != std::future_status::ready) {
    g_close_abandoned = true;
    (void)notices_.release();
  }
}

std::string Client::name() const { return jack_get_client_name(client_); }
uint32_t Client::sample_rate() const { return jack_get_sample_rate(client_); }
uint32_t Client::period_frames() const { return jack_get_buffer_size(client_); }

Cycle Client::cycle(uint32_t frames) const {
  jack_nframes_t current_frames = 0;
  jack_time_t current_us = 0, next_us = 0;
  float period_us = 0;
  Cycle c;
  c.frames = frames;
  if (jack_get_cycle_times(client_, &current_frames, &current_us, &next_us, &period_us) == 0 && next_us > current_us) {
    c.start_ns = static_cast<int64_t>(current_us) * 1000 - offset_ns_;
    c.frame_ns = static_cast<double>(next_us - current_us) * 1000.0 / frames;
  } else {
    c.start_ns = static_cast<int64_t>(jack_frames_to_time(client_, jack_last_frame_time(client_))) * 1000 - offset_ns_;
    c.frame_ns = 1e9 / jack_get_sample_rate(client_);
  }
  return c;
}

std::vector<std::string> Client::midi_ports(bool inputs) const {
  std::vector<std::string> names;
  const char** ports = jack_get_ports(client_, nullptr, JACK_DEFAULT_MIDI_TYPE, inputs ? JackPortIsInput : JackPortIsOutput);
  const std::string own = name() + ":";
  for (const char** p = ports; p && *p; ++p) {
    if (std::string(*p).rfind(own, 0) != 0) names.emplace_back(*p);
  }
  if (ports) jack_free(ports);
  return names;
}

jack_port_t* Client::register_midi_port(const std::string& short_name, bool input) {
  jack_port_t* port =
      jack_port_register(client_, short_name.c_str(), JACK_DEFAULT_MIDI_TYPE, input ? JackPortIsInput : JackPortIsOutput, 0);
  if (!port) throw LinkError("cannot register the JACK port '" + name() + ":" + short_name + "'");
  return port;
}

void Client::activate() {
  if (jack_activate(client_) != 0) throw LinkError("cannot activate the JACK client '" + name() + "'");
}

std::string server_problem() {
  quiet_libjack();
  take_messages();
  jack_status_t status{};
  jack_client_t* probe = jack_client_open("midiloop-probe", JackNoStartServer, &status);
  if (!probe) return open_failure("midiloop-probe", take_messages());
  jack_client_close(probe);
  return {};
}

}  // namespace midiloop::jack
