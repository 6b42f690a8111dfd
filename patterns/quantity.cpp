#include "patterns/quantity.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace midiloop {
namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

[[noreturn]] void refuse(std::string_view where, std::string_view text, const std::string& why,
                         const Quantity& quantity) {
  throw QuantityError(std::string(where) + ": '" + std::string(text) + "' " + why + "; give " +
                      (quantity.whole ? "a whole number " : "a number ") + range_text(quantity));
}

}  // namespace

std::string range_text(const Quantity& quantity) {
  std::string text = "from ";
  text.append(number_text(quantity.min)).append(" to ").append(number_text(quantity.max));
  if (!quantity.unit.empty()) text.append(" ").append(quantity.unit);
  return text;
}

double check_quantity(double value, const Quantity& quantity, std::string_view where) {
  const std::string shown = number_text(value);
  if (!std::isfinite(value)) refuse(where, shown, "is not a finite number", quantity);
  if (quantity.whole && value != std::floor(value)) refuse(where, shown, "is not a whole number", quantity);
  if (value < quantity.min || value > quantity.max) refuse(where, shown, "is out of range", quantity);
  return value;
}

std::optional<double> read_number(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [at, error] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (text.empty() || error != std::errc() || at != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

double parse_quantity(std::string_view text, const Quantity& quantity, std::string_view where) {
  // The one grammar (read_number): "5x", " 5", "+5", "inf", "nan" and 1e400 are none of it.
  const std::optional<double> value = read_number(text);
  if (!value) refuse(where, text, "is not a finite decimal number", quantity);
  return check_quantity(*value, quantity, where);
}

uint64_t parse_whole(std::string_view text, const Quantity& quantity, std::string_view where) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [at, error] = std::from_chars(text.data(), end, value);
  if (!text.empty() && text.front() == '-') refuse(where, text, "is negative", quantity);
  if (text.empty() || error == std::errc::invalid_argument || at != end) {
    refuse(where, text, "is not a whole number", quantity);
  }
  if (error == std::errc::result_out_of_range || static_cast<double>(value) < quantity.min ||
      static_cast<double>(value) > quantity.max) {
    refuse(where, text, "is out of range", quantity);
  }
  return value;
}

}  // namespace midiloop
