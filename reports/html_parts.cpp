#include "reports/html_parts.hpp"

#include <cstdio>

namespace midiloop::html {

const json& at(const json& j, const char* key) {
  static const json null;
  if (!j.is_object()) return null;
  const auto it = j.find(key);
  return it == j.end() ? null : *it;
}
double number(const json& j, const char* key) {
  const json& v = at(j, key);
  const double d = v.is_number() ? v.get<double>() : 0;
  return std::isfinite(d) ? d : 0;
}
std::string text(const json& j, const char* key) {
  const json& v = at(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}
bool flag(const json& j, const char* key) {
  const json& v = at(j, key);
  return v.is_boolean() && v.get<bool>();
}
const json& list(const json& j, const char* key) {
  static const json empty = json::array();
  const json& v = at(j, key);
  return v.is_array() ? v : empty;
}

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(const char* format, double value) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, std::isfinite(value) ? value : 0.0);
  return buf;
}

std::string px(double v) { return num("%.1f", v); }

const char* verdict_class(const std::string& verdict) {
  if (verdict == "PASS") return "v-pass";
  if (verdict == "PASS_WITH_PACING") return "v-pacing";
  if (verdict == "FAIL") return "v-fail";
  return "v-grey";  // no verdict on the interface: NO_LOOP, NOT_DIN, INCOMPLETE, or one unknown here
}

std::string verdict_badge(const std::string& verdict) {
  return std::string("<span class=\"badge ") + verdict_class(verdict) + "\">" +
         escape(verdict.empty() ? "?" : verdict) + "</span>";
}

Range round_range(double largest, int ticks) {
  if (!(largest > 0) || !std::isfinite(largest)) return {};
  const double rough = largest / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = 10 * power;
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * power >= rough) {
      step = m * power;
      break;
    }
  }
  return {std::max(step, std::ceil(largest / step - 1e-9) * step), step};
}

namespace {
std::string tooltip(const std::string& tip) { return tip.empty() ? "" : "<title>" + escape(tip) + "</title>"; }
}  // namespace

Svg::Svg(double width, double height, const std::string& title)
    : out_("<svg width=\"" + px(width) + "\" height=\"" + px(height) + "\" viewBox=\"0 0 " + px(width) + " " +
           px(height) + "\" role=\"img\" aria-label=\"" + escape(title) + "\">\n") {}

void Svg::rect(double x, double y, double w, double h, const std::string& cls, const std::string& tip) {
  out_ += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(std::max(w, 0.0)) + "\" height=\"" +
          px(std::max(h, 0.0)) + "\" class=\"" + cls + "\">" + tooltip(tip) + "</rect>\n";
}

void Svg::circle(double x, double y, double r, const std::string& cls, const std::string& tip) {
  out_ += "<circle cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(r) + "\" class=\"" + cls + "\">" +
          tooltip(tip) + "</circle>\n";
}

void Svg::line(double x1, double y1, double x2, double y2, const std::string& cls) {
  out_ += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\" class=\"" +
          cls + "\"/>\n";
}

void Svg::path(const std::string& d, const std::string& cls, const std::string& tip) {
  out_ += "<path d=\"" + d + "\" class=\"" + cls + "\">" + tooltip(tip) + "</path>\n";
}

void Svg::text(double x, double y, const std::string& s, const std::string& cls, const char* anchor) {
  out_ += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\"" +
          (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + escape(s) + "</text>\n";
}

void Svg::group(const std::string& cls) { out_ += "<g class=\"" + cls + "\">\n"; }
void Svg::end_group() { out_ += "</g>\n"; }

void Svg::axes(const Scale& x, double x_step, const Scale& y, double y_step, const std::string& x_title,
               const std::string& y_title) {
  auto label = [](double v, double step) { return num(step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2f", v); };
  for (int k = 0; k <= 40 && x.lo + k * x_step <= x.hi + x_step * 1e-6; ++k) {
    const double at = x(x.lo + k * x_step);
    line(at, y.from, at, y.to, "grid");
    text(at, y.from + 16, label(x.lo + k * x_step, x_step), {}, "middle");
  }
  for (int k = 0; k <= 40 && y.lo + k * y_step <= y.hi + y_step * 1e-6; ++k) {
    const double at = y(y.lo + k * y_step);
    line(x.from, at, x.to, at, "grid");
    text(x.from - 6, at + 4, label(y.lo + k * y_step, y_step), {}, "end");
  }
  line(x.from, y.from, x.to, y.from, "axis");
  line(x.from, y.from, x.from, y.to, "axis");
  text((x.from + x.to) / 2, y.from + 36, x_title, "axis-title", "middle");
  text(x.from, y.to - 10, y_title, "axis-title", "middle");
}

std::string Svg::done() const { return out_ + "</svg>\n"; }

RatePoints rate_points(const json& report) {
  RatePoints out;
  const json& curve = at(report, "throughput");
  out.curve = curve.is_object();
  if (out.curve) {
    for (const json& s : list(curve, "steps")) {
      const double lost = number(s, "bytes_lost");
      out.points.push_back({number(s, "offered_bps"), number(s, "delivered_bps"), lost > 0, flag(s, "interrupted"),
                            num("asked for %.0f %% of the wire", 100 * number(s, "requested_share")) +
                                num(": offered %.0f B/s", number(s, "offered_bps")) +
                                num(", delivered %.0f B/s", number(s, "delivered_bps")) +
                                num(", %.0f bytes lost", lost) +
                                (flag(s, "faster_than_wire") ? ", faster than a DIN wire" : "") +
                                (flag(s, "interrupted") ? ", interrupted" : "")});
    }
    std::sort(out.points.begin(), out.points.end(),
              [](const RatePoint& a, const RatePoint& b) { return a.offered < b.offered; });
    return out;
  }
  for (const json& t : list(report, "tests")) {
    if (member<Shape>(t, "shape") == Shape::probe || number(t, "bytes_sent") <= 0) continue;
    const double offered = number(at(t, "achieved_pacing"), "offered_bps");
    out.points.push_back({offered, number(t, "throughput_bps"), !flag(t, "pass"), flag(t, "interrupted"),
                          text(t, "id") + num(": offered %.0f B/s", offered) +
                              num(", came back at %.0f B/s", number(t, "throughput_bps")) +
                              (flag(t, "pass") ? "" : ", bytes lost or changed")});
  }
  return out;
}

namespace {
constexpr const char* kSharedStyle = R"(
body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:1180px;margin:0 auto;padding:12px 24px 48px}
h1{font-size:1.5em;margin:.4em 0}
h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.badge{display:inline-block;padding:.15em .6em;border-radius:4px;color:#fff;font-weight:700;margin-right:.4em}
.v-pass{background:#2e7d32}.v-pacing{background:#b26a00}.v-fail{background:#c62828}.v-grey{background:#616161}
.warning{background:#fff3e0;border-left:4px solid #b26a00;padding:.4em .8em}
.note,figcaption{color:#555;max-width:62em}
table{border-collapse:collapse;margin:.4em 0}
th,td{text-align:left;padding:3px 10px;border-bottom:1px solid #e6e6e6;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:.6em 0}
svg{display:block;max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#333}
svg .axis-title{font-weight:600}svg .grid{stroke:#eee}svg .axis{stroke:#555}
svg .wire{stroke:#1565c0;stroke-width:1.5;stroke-dasharray:6 4}svg .wire-label{fill:#1565c0}
svg .diagonal{stroke:#888;stroke-dasharray:2 4}svg .chart-note{fill:#777}
svg .threshold{stroke:#c62828;stroke-width:1.5;stroke-dasharray:5 3}svg .threshold-label{fill:#c62828}
)";
}  // namespace

std::string page(const std::string& title, const std::string& style, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         escape(title) + "</title>\n<style>" + kSharedStyle + style + "</style>\n</head>\n<body>\n<main>\n" + body +
         "</main>\n</body>\n</html>\n";
}

}  // namespace midiloop::html
