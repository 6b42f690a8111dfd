#pragma once
// A pacing in words: one wording for every place that shows one (a test's line, the HTML page,
// compare, rehearse and send, their warnings), in the forms those places need.
#include <string>

#include "patterns/pacing.hpp"
#include "patterns/wire.hpp"

namespace midiloop {

// Every form says "full speed" for a pacing without gaps ("at full speed" in `manner`).
enum class PacingForm {
  fields,  // each field as it is set: "64 B chunks, 25.6 ms apart, 2500 B/s, 1.0 ms after F7"
  share,   // the rate as a share of the wire, as people compare it: "64 B chunks, 80 % rate"
  phrase,  // "64-byte chunks at 2500 B/s", a chunk gap given as the rate it makes
  manner,  // after a verb: "in 64-byte chunks at 2500 B/s", "at full speed"
  cell,    // a narrow table cell: "64 B at 2500 B/s"
};

// The rate a pacing asks for: its rate, or the one its chunk gap makes; 0 when it asks none.
double pacing_rate_bps(const Pacing& pacing);

// `wire_bps`: what the `share` form is a share of (the report's wire, which may run faster).
std::string pacing_text(const Pacing& pacing, PacingForm form = PacingForm::fields,
                        double wire_bps = kWireBytesPerSecond);

}  // namespace midiloop
