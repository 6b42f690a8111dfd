#include "tests/support/jack_thru.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>

namespace midiloop::testing {

void open_thru_client(const std::string& name, const std::string& server, int (*process)(unsigned, void*), void* self,
                      jack_client_t*& client, jack_port_t*& in, jack_port_t*& out, std::string& problem) {
  jack_status_t status{};
  client = jack_client_open(name.c_str(), static_cast<jack_options_t>(JackNoStartServer | JackServerName), &status,
                            server.c_str());
  if (!client) {
    problem = "cannot open JACK client '" + name + "' on server '" + server + "'";
    return;
  }
  in = jack_port_register(client, "in", JACK_DEFAULT_MIDI_TYPE, JackPortIsInput, 0);
  out = jack_port_register(client, "out", JACK_DEFAULT_MIDI_TYPE, JackPortIsOutput, 0);
  if (!in || !out || jack_set_process_callback(client, process, self) != 0 || jack_activate(client) != 0) {
    problem = "cannot set up JACK client '" + name + "'";
    jack_client_close(client);
    client = nullptr;
  }
}

JackThru::JackThru(const std::string& name, const std::string& server) {
  open_thru_client(name, server, &JackThru::process, this, client_, in_, out_, problem_);
}

JackThru::~JackThru() {
  if (client_) jack_client_close(client_);
}

int JackThru::process(unsigned frames, void* self_ptr) {
  auto* self = static_cast<JackThru*>(self_ptr);
  void* in = jack_port_get_buffer(self->in_, frames);
  void* out = jack_port_get_buffer(self->out_, frames);
  jack_midi_clear_buffer(out);
  const uint32_t count = jack_midi_get_event_count(in);
  for (uint32_t k = 0; k < count; ++k) {
    jack_midi_event_t event;
    if (jack_midi_event_get(&event, in, k) == 0) jack_midi_event_write(out, event.time, event.buffer, event.size);
  }
  return 0;
}

}  // namespace midiloop::testing
