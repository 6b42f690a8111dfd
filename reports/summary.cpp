#include "reports/summary.hpp"

#include <cstdio>
#include <sstream>

#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"

namespace midiloop {
namespace {

// Sized to what it writes: a fixed 64-byte buffer cut the wire-floor note mid-word, which only
// GCC at -O3 noticed (-Wformat-truncation).
std::string format(const char* fmt, double value) {
  std::string out(static_cast<std::size_t>(std::snprintf(nullptr, 0, fmt, value)), '\0');
  std::snprintf(out.data(), out.size() + 1, fmt, value);
  return out;
}

}  // namespace

std::string summarize_test(const TestResult& t) {
  std::ostringstream line;
  char head[96];
  std::snprintf(head, sizeof head, "%-4s  %-22s %6u B x %-4u %-28s", t.pass ? "ok" : "FAIL", t.id.c_str(),
                t.message_bytes, t.messages, pacing_text(t.pacing).c_str());
  line << head << t.bytes_received << "/" << t.bytes_sent << " B back";
  if (t.latency && t.latency->probes_returned > 0) {
    line << ", latency " << format("%.2f", t.latency->min_ms) << "/" << format("%.2f", t.latency->median_ms) << "/"
         << format("%.2f", t.latency->max_ms) << " ms (min/median/max)";
  } else if (t.throughput_bps > 0 && t.shape != Shape::probe) {
    line << ", " << format("%.0f", t.throughput_bps) << " B/s (" << format("%.0f", t.wire_share * 100) << " % of wire)";
  }
  auto add = [&](uint64_t n, const char* what) {
    if (n) line << " " << n << " " << what;
  };
  if (t.errors.any()) {
    line << ":";
    add(t.errors.dropped, "dropped");
    add(t.errors.inserted, "inserted");
    add(t.errors.corrupted, "corrupted");
    add(t.errors.messages_missing, "msg missing");
    add(t.errors.messages_truncated, "msg truncated");
    add(t.errors.messages_duplicated, "msg duplicated");
    add(t.errors.messages_merged, "msg merged");
    add(t.errors.messages_corrupted, "msg bad checksum");
    if (t.first_error_offset) line << ", first at byte " << *t.first_error_offset;
  }
  // Realtime bytes are not SysEx data: what happened to them is said apart from the errors.
  const RealtimeCounts& rt = t.realtime;
  if (rt.lost || rt.moved || rt.added) {
    line << "; realtime:";
    add(rt.lost, "lost");
    add(rt.moved, "moved");
    add(rt.added, "added");
  }
  if (rt.sysex_ended || rt.sysex_damaged) {
    line << " [SysEx broken only where clock was:";
    add(rt.sysex_ended, "ended");
    add(rt.sysex_damaged, "damaged");
    line << "]";
  }
  if (t.faster_than_wire) line << " [faster than a DIN wire]";
  if (t.host_trouble) line << " [not counted: " << t.host_trouble_text << "]";
  else if (t.attempts > 1) line << " [re-run: the host disturbed the first try]";
  if (t.interrupted) line << " [interrupted]";
  return line.str();
}

std::string summarize_check(const ComplianceResult& c) {
  std::string line = std::string(c.interrupted ? "--  " : c.pass ? "ok  " : "DEV ") + "  " + c.id;
  if (!c.pass && !c.deviation.empty()) {
    line += ": " + c.deviation + " (" + std::string(c.effect ? effect_name(*c.effect) : "") + "): " + c.consequence;
  }
  if (c.interrupted) line += " [interrupted]";
  return line;
}

std::string summarize_latency(const LatencyProfile& l) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%-4s  latency: %u/%u probes back, min %.2f, median %.2f, p99 %.2f, max %.2f ms, jitter %.2f ms",
                l.over_threshold ? "SLOW" : "ok", l.probes_returned, l.probes_sent, l.min_ms, l.median_ms, l.p99_ms,
                l.max_ms, l.jitter_ms);
  std::string line = buf;
  if (l.over_threshold) line += format(" (worst case above %.0f ms)", l.threshold_ms);
  if (l.host_delay_ms > 0) line += format(", the host's %.2f ms taken off", l.host_delay_ms);
  if (l.below_wire_floor) {
    line += " [" + std::to_string(l.below_wire_floor) +
            format(" back sooner than a DIN wire allows (%.2f ms): not an interface's latency]", l.wire_floor_ms);
  }
  if (l.interrupted) line += " [interrupted]";
  return line;
}

std::string summarize_step(const ThroughputStep& s, double wire_bps) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-4s  throughput %3.0f %%: offered %5.0f B/s, delivered %5.0f B/s (%3.0f %% of wire)",
                s.bytes_lost ? "LOSS" : "ok", s.requested_share * 100, s.offered_bps, s.delivered_bps,
                100 * s.delivered_bps / wire_bps);
  std::string line = buf;
  if (s.bytes_lost) line += ", " + std::to_string(s.bytes_lost) + " B lost";
  if (s.faster_than_wire) line += " [faster than a DIN wire]";
  if (s.host_trouble) line += " [not counted: the host disturbed it on both tries]";
  if (s.interrupted) line += " [interrupted]";
  return line;
}

std::string summarize_trial(const PacingTrial& t, double wire_bps) {
  const char* outcome = t.interrupted || t.host_trouble ? "--" : t.lossless ? "ok" : "LOSS";
  char head[64];
  std::snprintf(head, sizeof head, "%-4s  pacing %-7s ", outcome, std::string(trial_phase_name(t.phase)).c_str());
  std::string line = head + pacing_text(t.pacing);
  line += format(" (%.0f %% of wire)", 100 * t.pacing.rate_bps / wire_bps);
  if (t.bytes_lost) line += ", " + std::to_string(t.bytes_lost) + " B lost";
  if (t.host_trouble) line += " [not counted: the host disturbed it on both tries]";
  if (t.interrupted) line += " [interrupted]";
  return line;
}

std::string wrap(const std::string& text, std::size_t width) {
  std::istringstream words(text);
  std::string word, out;
  std::size_t column = 0;
  while (words >> word) {
    if (column > 0 && column + 1 + word.size() > width) {
      out += '\n';
      column = 0;
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out;
}

void write_verdict(std::ostream& out, const Report& report) {
  out << "\nVerdict: " << verdict_name(report.verdict) << "\n";
  for (const auto& condition : report.conditions) out << wrap("Only with: " + condition, 78) << "\n";
  out << wrap(report.verdict_text, 78) << "\n";
}

}  // namespace midiloop
