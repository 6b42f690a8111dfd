#pragma once
// Every number midiloop takes from outside (an option, a model parameter, a report field, the
// environment) is one of these quantities: parsed once, with its unit and its range, so NaN,
// infinity, negatives and overflow are refused where they come in, by a message naming where.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace midiloop {

struct Quantity {
  std::string_view unit;  // "B/s", "bytes", "" for a plain number
  double min = 0;
  double max = 0;
  bool whole = false;  // an integer
};

// A number out of its quantity's range, not a number, or not whole where it must be. The message
// names where it came from ("--rate", "good:fifo", "report x.json: advice.pacing.rate_bps").
class QuantityError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The quantities, each with the range a real device or run can have (docs/background.md §1, §4).
// A DIN wire runs at 1 (TurboMIDI up to 10); an emulated one up to 1000, past what USB full speed
// carries, and down to 0.01 (31 B/s), below which nothing is a MIDI wire.
inline constexpr Quantity kWireSpeed{"x 3125 B/s", 0.01, 1000, false};
inline constexpr Quantity kRateBps{"B/s", 1, 3'125'000, false};  // up to the fastest wire speed
inline constexpr Quantity kChunkBytes{"bytes", 1, 65'536, true};       // CoreMIDI's largest packet
inline constexpr Quantity kGapMicroseconds{"us", 0, 60'000'000, true};  // a minute between chunks
// A pause a user gives in milliseconds (after each F7, between files): up to a minute, like a gap.
inline constexpr Quantity kPauseMs{"ms", 0, 60'000, false};
// A 1-based position (a file among those named, a message of a file): as many as a uint32 offset counts.
inline constexpr Quantity kOrdinal{"", 1, 4'294'967'295.0, true};
inline constexpr Quantity kSeed{"", 0, 18'446'744'073'709'551'615.0, true};
// What SOURCE_DATE_EPOCH may say: 1970 up to the last second of 9999 (a four-digit year).
inline constexpr Quantity kEpochSeconds{"s", 0, 253'402'300'799, true};

// "from 1 to 65536 bytes"
std::string range_text(const Quantity& quantity);

// `text` as a finite decimal number (optionally with a fraction and an exponent), all of it,
// nothing around it; nothing otherwise. The one grammar for numbers from outside: options, model
// and host parameters.
std::optional<double> read_number(std::string_view text);

// `text` as a number of `quantity`: decimal, optionally with a fraction and exponent, nothing else
// around it. Throws QuantityError naming `where`.
double parse_quantity(std::string_view text, const Quantity& quantity, std::string_view where);
// The same for whole numbers up to 2^64-1 (seeds), which a double cannot hold exactly.
uint64_t parse_whole(std::string_view text, const Quantity& quantity, std::string_view where);
// A number that arrived already parsed (a JSON field): the same checks.
double check_quantity(double value, const Quantity& quantity, std::string_view where);

}  // namespace midiloop
