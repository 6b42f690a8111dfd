#pragma once
// A software MIDI thru as one JACK client: what arrives on its "in" port leaves on its "out" port
// in the same process cycle. The reference loop for comparing latency figures with JACK's own
// jack_midi_latency_test: RtMidi's thru would add a ring buffer and a period of its own.
#include <string>

typedef struct _jack_client jack_client_t;
typedef struct _jack_port jack_port_t;

namespace midiloop::testing {

// Opens client `name` on `server` with MIDI ports "in" and "out" and `process` as its callback
// (its argument `self`), and activates it; `client` is set before activation, so the callback can
// use it. `client` nullptr, with `problem` said, when any of it fails.
void open_thru_client(const std::string& name, const std::string& server, int (*process)(unsigned, void*), void* self,
                      jack_client_t*& client, jack_port_t*& in, jack_port_t*& out, std::string& problem);

class JackThru {
 public:
  // Opens client `name` on the server `server`; ports are "<name>:in" and "<name>:out".
  JackThru(const std::string& name, const std::string& server);
  ~JackThru();
  JackThru(const JackThru&) = delete;
  JackThru& operator=(const JackThru&) = delete;
  bool ok() const { return client_ != nullptr; }
  const std::string& problem() const { return problem_; }

 private:
  static int process(unsigned frames, void* self);
  jack_client_t* client_ = nullptr;
  jack_port_t* in_ = nullptr;
  jack_port_t* out_ = nullptr;
  std::string problem_;
};

}  // namespace midiloop::testing
