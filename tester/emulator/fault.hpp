#pragma once
// What a fault model does differently from `good`, at the points of the path where hardware breaks
// (device_model.hpp draws the path). DeviceModel calls every hook of the model it runs; each
// default is what a good interface does, so a model overrides only the stage it breaks. One object
// per DeviceModel: a hook may keep state (a counter, a random generator) across calls.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tester/emulator/usb_midi.hpp"

namespace midiloop {

// What device input handling does with a realtime byte that arrives inside a SysEx.
enum class RealtimeInSysex {
  pass,      // on to the FIFO at once, as MIDI 1.0 allows
  drop,      // thrown away
  hold,      // kept until the SysEx ends, then sent
  end_sysex  // taken as the SysEx's end: F7 sent, the realtime byte passed, the rest dropped
};

class Fault {
 public:
  virtual ~Fault() = default;

  // USB OUT: whether the device handles the event at `index` (from 0) of one host transfer.
  virtual bool takes_event(const UsbMidiPacket& /*event*/, std::size_t /*index*/) { return true; }
  // The host's transfer lasted from `start_ns` until its last byte was taken at `end_ns`.
  virtual void host_transfer(int64_t /*start_ns*/, int64_t /*end_ns*/) {}

  // Device input handling.
  virtual RealtimeInSysex realtime_in_sysex() { return RealtimeInSysex::pass; }
  // Whether the SysEx byte at `position` (F0 is 1) goes on; after the first that does not, the
  // rest of that SysEx is dropped, end included.
  virtual bool forwards_sysex_byte(std::size_t /*position*/) { return true; }

  // Device FIFO: whether a byte that finds it full is dropped instead of holding the host back.
  virtual bool drops_when_fifo_full() const { return false; }

  // DIN line: its baud rate as a multiple of MIDI's 31250.
  virtual double baud() const { return 1.0; }
  // DIN receiver: a byte whose stop bit arrived at `t_ns`. May change the byte, or hand it on
  // later by moving `t_ns`; false when the device loses it.
  virtual bool din_receives(int64_t& /*t_ns*/, uint8_t& /*byte*/) { return true; }

  // Device USB-MIDI encoding: a packet on its way to the host; `running_status_used` says whether
  // the channel message it completes came without its status on the wire.
  virtual void device_sends(UsbMidiPacket& /*packet*/, bool /*running_status_used*/) {}

  // Host driver: appends what a program on the host reads for `byte`, decoded from a packet.
  virtual void host_reads(uint8_t byte, std::vector<uint8_t>& read) { read.push_back(byte); }
};

}  // namespace midiloop
