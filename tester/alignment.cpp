#include "tester/alignment.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace midiloop {
namespace {

constexpr std::size_t kLookahead = 16;    // largest edit the local search tries on each side
constexpr std::size_t kConfirm = 8;       // bytes that must agree before a resync is believed
constexpr std::size_t kConfirmMax = 48;   // ... or this many when they are a short repeating pattern
constexpr std::size_t kAnchorStride = 16; // one anchor per this many sent bytes
constexpr std::size_t kAnchorBytes = 8;
constexpr std::size_t kAnchorConfirm = 24;  // bytes an anchor hit must agree on
constexpr std::size_t kAnchorScan = 4096; // how far into the received stream to look for an anchor

uint64_t key_at(std::span<const uint8_t> s, std::size_t p) {
  uint64_t key = 0;
  for (std::size_t k = 0; k < kAnchorBytes; ++k) key = (key << 8) | s[p + k];
  return key;
}

struct Anchors {
  std::vector<std::pair<uint64_t, uint32_t>> by_key;  // (k-gram, sent offset), sorted

  explicit Anchors(std::span<const uint8_t> sent) {
    if (sent.size() < kAnchorBytes) return;
    by_key.reserve(sent.size() / kAnchorStride + 1);
    for (std::size_t p = 0; p + kAnchorBytes <= sent.size(); p += kAnchorStride) {
      by_key.emplace_back(key_at(sent, p), static_cast<uint32_t>(p));
    }
    std::sort(by_key.begin(), by_key.end());
    // A k-gram that occurs twice (a run of zeros, a repeated header) cannot say where we are.
    std::vector<std::pair<uint64_t, uint32_t>> unique;
    unique.reserve(by_key.size());
    for (std::size_t k = 0; k < by_key.size(); ++k) {
      const bool repeated = (k > 0 && by_key[k - 1].first == by_key[k].first) ||
                            (k + 1 < by_key.size() && by_key[k + 1].first == by_key[k].first);
      if (!repeated) unique.push_back(by_key[k]);
    }
    by_key = std::move(unique);
  }

  // The first anchor with this key at or after `from`.
  std::optional<std::size_t> find(uint64_t key, std::size_t from) const {
    auto it = std::lower_bound(by_key.begin(), by_key.end(), std::make_pair(key, static_cast<uint32_t>(from)));
    if (it == by_key.end() || it->first != key) return std::nullopt;
    return it->second;
  }
};

// Could this window sit at more than one place nearby? Runs of zeros, 55 2A 55 2A or a walking
// bit repeat with a short period, so agreeing on them proves nothing about where we are.
bool repeats_with_short_period(std::span<const uint8_t> w) {
  for (std::size_t period = 1; period <= 7 && period < w.size(); ++period) {
    bool periodic = true;
    for (std::size_t k = period; k < w.size() && periodic; ++k) periodic = w[k] == w[k - period];
    if (periodic) return true;
  }
  return false;
}

// Do the two streams agree from (i, j) on? They must agree on kConfirm bytes, and on more while
// those bytes are too regular to pin the position (up to kConfirmMax, which spans a position
// marker). Near the ends, agreeing up to both ends counts.
bool agrees(std::span<const uint8_t> s, std::size_t i, std::span<const uint8_t> r, std::size_t j) {
  const std::size_t left_s = s.size() - i, left_r = r.size() - j;
  std::size_t n = 0;
  for (;; ++n) {
    if (n == left_s || n == left_r) return n > 0 && left_s == left_r;
    if (s[i + n] != r[j + n]) return false;
    if (n + 1 >= kConfirm && (n + 1 >= kConfirmMax || !repeats_with_short_period(s.subspan(i, n + 1)))) return true;
  }
}

// The cheapest (a, b): skip a sent and b received bytes, after which the streams agree. Cost is
// max(a, b): min(a, b) substitutions plus |a - b| drops or inserts.
std::optional<std::pair<std::size_t, std::size_t>> local_resync(std::span<const uint8_t> s, std::size_t i,
                                                                 std::span<const uint8_t> r, std::size_t j) {
  for (std::size_t cost = 1; cost <= kLookahead; ++cost) {
    // Substitution-heavy explanations first (a == b), then fewer total edits.
    for (std::size_t other = cost + 1; other-- > 0;) {
      const std::pair<std::size_t, std::size_t> tries[2] = {{cost, other}, {other, cost}};
      for (auto [a, b] : tries) {
        if (i + a > s.size() || j + b > r.size()) continue;
        if (agrees(s, i + a, r, j + b)) return std::make_pair(a, b);
      }
    }
  }
  return std::nullopt;
}

void count_edits(Alignment& out, std::size_t a, std::size_t b) {
  const std::size_t c = std::min(a, b);
  out.corrupted += c;
  out.dropped += a - c;
  out.inserted += b - c;
}

// Exact edit count (substitution, drop, insert each cost 1) of two short spans.
void diff_window(Alignment& out, std::span<const uint8_t> s, std::span<const uint8_t> r) {
  const std::size_t n = s.size(), m = r.size();
  std::vector<uint16_t> cost((n + 1) * (m + 1));
  auto at = [&](std::size_t x, std::size_t y) -> uint16_t& { return cost[x * (m + 1) + y]; };
  for (std::size_t x = 0; x <= n; ++x) at(x, 0) = static_cast<uint16_t>(x);
  for (std::size_t y = 0; y <= m; ++y) at(0, y) = static_cast<uint16_t>(y);
  for (std::size_t x = 1; x <= n; ++x) {
    for (std::size_t y = 1; y <= m; ++y) {
      const uint16_t diag = static_cast<uint16_t>(at(x - 1, y - 1) + (s[x - 1] != r[y - 1]));
      at(x, y) = std::min({diag, static_cast<uint16_t>(at(x - 1, y) + 1), static_cast<uint16_t>(at(x, y - 1) + 1)});
    }
  }
  std::size_t x = n, y = m;
  while (x > 0 || y > 0) {
    if (x > 0 && y > 0 && at(x, y) == at(x - 1, y - 1) + (s[x - 1] != r[y - 1])) {
      if (s[x - 1] == r[y - 1]) ++out.matched; else ++out.corrupted;
      --x, --y;
    } else if (x > 0 && at(x, y) == at(x - 1, y) + 1) {
      ++out.dropped, --x;
    } else {
      ++out.inserted, --y;
    }
  }
}

// Accounts for sent[i, q) against received[j, p), the bytes between two synchronised points.
void count_gap(Alignment& out, std::span<const uint8_t> s, std::size_t i, std::size_t q, std::span<const uint8_t> r,
               std::size_t j, std::size_t p) {
  // A loss usually keeps the bytes just before the anchor: walk back over them first.
  while (q > i && p > j && s[q - 1] == r[p - 1]) --q, --p, ++out.matched;
  while (q > i && p > j && s[i] == r[j]) ++i, ++j, ++out.matched;
  const std::size_t a = q - i, b = p - j;
  if (a <= kExactWindow && b <= kExactWindow) {
    diff_window(out, s.subspan(i, a), r.subspan(j, b));
  } else {
    count_edits(out, a, b);
  }
}

}  // namespace

Alignment align_streams(std::span<const uint8_t> s, std::span<const uint8_t> r) {
  Alignment out;
  const Anchors anchors(s);
  std::size_t i = 0, j = 0;
  std::size_t no_anchor_before = 0;  // received offsets below this were scanned and hold no usable anchor
  while (i < s.size() && j < r.size()) {
    if (s[i] == r[j]) {
      ++i, ++j, ++out.matched;
      continue;
    }
    if (!out.first_error_sent) out.first_error_sent = i, out.first_error_received = j;
    if (auto edit = local_resync(s, i, r, j)) {
      // The skipped bytes may still hold matches (two drops a few bytes apart): diff them exactly.
      count_gap(out, s, i, i + edit->first, r, j, j + edit->second);
      i += edit->first, j += edit->second;
      continue;
    }
    bool bridged = false;
    if (j >= no_anchor_before) {
      const std::size_t scan_end = std::min(r.size(), j + kAnchorScan);
      for (std::size_t p = j + 1; p + kAnchorBytes <= scan_end; ++p) {
        auto q = anchors.find(key_at(r, p), i + 1);
        // Anchors are unique among the sampled k-grams, not among all: confirm on a longer stretch.
        if (q && std::equal(r.begin() + static_cast<std::ptrdiff_t>(p),
                            r.begin() + static_cast<std::ptrdiff_t>(std::min(r.size(), p + kAnchorConfirm)),
                            s.begin() + static_cast<std::ptrdiff_t>(*q),
                            s.begin() + static_cast<std::ptrdiff_t>(std::min(s.size(), *q + kAnchorConfirm)))) {
          count_gap(out, s, i, *q, r, j, p);
          i = *q, j = p;
          bridged = true;
          break;
        }
      }
      if (!bridged) no_anchor_before = scan_end;
    }
    if (!bridged) {  // nothing to resynchronise on nearby: call this pair corrupted and move on
      ++out.corrupted;
      ++i, ++j;
    }
  }
  if (i < s.size() || j < r.size()) {
    if (!out.first_error_sent) out.first_error_sent = i, out.first_error_received = j;
    out.dropped += s.size() - i;
    out.inserted += r.size() - j;
  }
  return out;
}

}  // namespace midiloop
