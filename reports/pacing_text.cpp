#include "reports/pacing_text.hpp"

#include <cmath>
#include <cstdio>

namespace midiloop {
namespace {

// One number, printf-formatted; NaN and infinities print as 0 (a report from elsewhere may hold one).
std::string number(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, std::isfinite(value) ? value : 0.0);
  return buf;
}

void add(std::string& text, const std::string& part, const char* separator) {
  if (!part.empty()) text += (text.empty() ? "" : separator) + part;
}

}  // namespace

double pacing_rate_bps(const Pacing& p) {
  if (p.rate_bps > 0) return p.rate_bps;
  return p.chunk_gap_us > 0 && p.chunk_bytes > 0 ? p.chunk_bytes * 1e6 / static_cast<double>(p.chunk_gap_us) : 0;
}

std::string pacing_text(const Pacing& p, PacingForm form, double wire_bps) {
  const std::string full_speed = form == PacingForm::manner ? "at full speed" : "full speed";
  if (p.full_speed()) return full_speed;
  const double rate = pacing_rate_bps(p);
  const std::string apart = p.chunk_gap_us != 0 ? number("%.1f ms apart", p.chunk_gap_us / 1000.0) : "";
  const std::string after_f7 = p.message_gap_us != 0 ? number("%.1f ms after F7", p.message_gap_us / 1000.0) : "";
  const std::string chunks = std::to_string(p.chunk_bytes);
  std::string text;
  switch (form) {
    case PacingForm::fields:
      if (p.chunk_bytes) add(text, chunks + " B chunks", ", ");
      add(text, apart, ", ");
      if (p.rate_bps > 0) add(text, number("%.0f B/s", p.rate_bps), ", ");
      break;
    case PacingForm::share:
      if (p.chunk_bytes) add(text, chunks + " B chunks", ", ");
      add(text, rate > 0 ? number("%.0f %% rate", 100 * rate / wire_bps) : apart, ", ");
      break;
    case PacingForm::phrase:
    case PacingForm::manner:
    case PacingForm::cell:
      if (p.chunk_bytes) {
        text = (form == PacingForm::manner ? "in " : "") + chunks + (form == PacingForm::cell ? " B" : "-byte chunks");
      }
      if (rate > 0) add(text, number("at %.0f B/s", rate), " ");
      else add(text, apart, ", ");
      break;
  }
  add(text, after_f7, ", ");
  // Only negative gaps or rates are left, which pause nothing.
  return text.empty() ? full_speed : text;
}

}  // namespace midiloop
