#pragma once
// What the HTML pages (one report, reports compared) are made of: tolerant reading of a report's
// JSON, escaping, numbers, a small SVG vocabulary for the charts, and the page around them.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/report_json.hpp"

namespace midiloop::html {

using nlohmann::json;

// Reports come from other machines and other versions: a missing or mistyped field reads as
// empty, so one odd field costs a blank cell, not the page.
const json& at(const json& j, const char* key);
double number(const json& j, const char* key);  // 0 when absent, not a number, or not finite
std::string text(const json& j, const char* key);
bool flag(const json& j, const char* key);
const json& list(const json& j, const char* key);  // an empty array unless it is one
// A closed set's member, named at `key`; nothing when absent or not a name this midiloop knows.
template <typename E>
std::optional<E> member(const json& j, const char* key) {
  return from_report_name<E>(text(j, key));
}

// Text as HTML text or attribute value: & < > " ' escaped.
std::string escape(std::string_view s);
// One number, printf-formatted. NaN and infinities print as 0: a page never says "nan".
std::string num(const char* format, double value);
// A coordinate in a chart.
std::string px(double v);

// The badge a verdict is shown in: its colour class (v-pass, v-pacing, v-fail, v-grey) and its name.
const char* verdict_class(const std::string& verdict);
std::string verdict_badge(const std::string& verdict);

// Data [lo, hi] onto pixels [from, to]; values outside are held at the edge.
struct Scale {
  double lo, hi, from, to;
  double operator()(double v) const {
    if (!(hi > lo) || !std::isfinite(v)) return from;
    return from + (std::clamp(v, lo, hi) - lo) / (hi - lo) * (to - from);
  }
};

// An axis from 0 that ends on a round tick (1, 2 or 5 x 10^n apart), so labels read plainly.
struct Range {
  double top = 1, step = 1;
};
Range round_range(double largest, int ticks);

// An SVG element, written as it is drawn. Every text and tooltip is escaped here.
class Svg {
 public:
  Svg(double width, double height, const std::string& title);
  void rect(double x, double y, double w, double h, const std::string& cls, const std::string& tip = {});
  void circle(double x, double y, double r, const std::string& cls, const std::string& tip = {});
  void line(double x1, double y1, double x2, double y2, const std::string& cls);
  // A path of SVG path commands (`d` is built by the caller from numbers, never from report text).
  void path(const std::string& d, const std::string& cls, const std::string& tip = {});
  void text(double x, double y, const std::string& s, const std::string& cls = {}, const char* anchor = "start");
  // A group of what follows until end_group(), so a series can be found and styled as one.
  void group(const std::string& cls);
  void end_group();
  // Left and bottom axes with labelled ticks and light grid lines; both ranges start at lo.
  void axes(const Scale& x, double x_step, const Scale& y, double y_step, const std::string& x_title,
            const std::string& y_title);
  std::string done() const;

 private:
  std::string out_;
};

// A report's throughput, as points of offered against delivered rate: the steps of its curve,
// sorted by offered rate, or in a report without one (schema 1, a run stopped before the curve)
// its tests, in their order. `tip` says in words what the point is.
struct RatePoint {
  double offered = 0, delivered = 0;
  bool lost = false;  // bytes lost or changed (a test: it failed)
  bool interrupted = false;
  std::string tip;
};
struct RatePoints {
  bool curve = false;  // the steps of a throughput curve, not tests
  std::vector<RatePoint> points;
};
RatePoints rate_points(const json& report);

// A whole page: the Content-Security-Policy that blocks every load (no script, no network, no
// file), the style every page shares and `style` of its own, and `body` inside <main>.
std::string page(const std::string& title, const std::string& style, const std::string& body);

}  // namespace midiloop::html
