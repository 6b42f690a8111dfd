#include "tester/analysis/alignment.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <vector>

namespace midiloop {
namespace {

constexpr std::size_t kLookahead = 32;    // largest edit the local search tries on each side
constexpr std::size_t kLookaheadDamaged = 4;  // ... while nothing nearby has resynchronised
constexpr std::size_t kConfirm = 8;       // bytes that must agree before a resync is believed
constexpr std::size_t kConfirmShort = 4;  // second try, for streams damaged every few bytes
constexpr std::size_t kConfirmMax = 48;   // ... or this many when they are a short repeating pattern
constexpr std::size_t kAnchorStride = 32; // one anchor per this many sent bytes
constexpr std::size_t kAnchorBytes = 8;
constexpr std::size_t kAnchorConfirm = 24;  // bytes an anchor hit must agree on
constexpr std::size_t kAnchorScan = 4096; // how far into the received stream to look for an anchor

// How many bytes agree from (i, j) on, compared a machine word at a time.
std::size_t equal_run(std::span<const uint8_t> s, std::size_t i, std::span<const uint8_t> r, std::size_t j) {
  const std::size_t limit = std::min(s.size() - i, r.size() - j);
  std::size_t n = 0;
  while (n + 8 <= limit) {
    uint64_t a, b;
    std::memcpy(&a, s.data() + i + n, 8);
    std::memcpy(&b, r.data() + j + n, 8);
    if (a != b) break;  // the byte loop finds which one
    n += 8;
  }
  while (n < limit && s[i + n] == r[j + n]) ++n;
  return n;
}

uint64_t key_at(std::span<const uint8_t> s, std::size_t p) {
  uint64_t key = 0;
  for (std::size_t k = 0; k < kAnchorBytes; ++k) key = (key << 8) | s[p + k];
  return key;
}

// Sent offsets of k-grams sampled every kAnchorStride bytes, by k-gram: an open-addressing hash
// table (built in one pass, no sort). A k-gram sampled twice is marked repeated: it cannot say
// where we are.
class Anchors {
 public:
  explicit Anchors(std::span<const uint8_t> sent) {
    const std::size_t count = sent.size() >= kAnchorBytes ? (sent.size() - kAnchorBytes) / kAnchorStride + 1 : 0;
    std::size_t capacity = 16;
    while (capacity * 3 < count * 4) capacity *= 2;
    slots_.assign(capacity, Slot{0, kEmpty});
    for (std::size_t p = 0; p + kAnchorBytes <= sent.size(); p += kAnchorStride) {
      Slot& slot = slots_[slot_index(key_at(sent, p))];
      if (slot.offset == kEmpty) {
        slot = {key_at(sent, p), static_cast<uint32_t>(p)};
      } else {
        slot.offset = kRepeated;
      }
    }
  }

  // The anchor with this k-gram, if it is unique and at or after `from`.
  std::optional<std::size_t> find(uint64_t key, std::size_t from) const {
    const Slot& slot = slots_[slot_index(key)];
    if (slot.offset >= kRepeated || slot.offset < from) return std::nullopt;
    return slot.offset;
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX, kRepeated = UINT32_MAX - 1;
  struct Slot {
    uint64_t key;
    uint32_t offset;
  };
  std::size_t slot_index(uint64_t key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
    while (slots_[at].offset != kEmpty && slots_[at].key != key) at = (at + 1) & mask;
    return at;
  }
  std::vector<Slot> slots_;
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
bool agrees(std::span<const uint8_t> s, std::size_t i, std::span<const uint8_t> r, std::size_t j,
            std::size_t confirm) {
  const std::size_t left_s = s.size() - i, left_r = r.size() - j;
  std::size_t n = 0;
  for (;; ++n) {
    if (n == left_s || n == left_r) return n > 0 && left_s == left_r;
    if (s[i + n] != r[j + n]) return false;
    if (n + 1 >= confirm && (n + 1 >= kConfirmMax || !repeats_with_short_period(s.subspan(i, n + 1)))) return true;
  }
}

// The cheapest (a, b): skip a sent and b received bytes, after which the streams agree. Cost is
// max(a, b): min(a, b) substitutions plus |a - b| drops or inserts.
std::optional<std::pair<std::size_t, std::size_t>> local_resync(std::span<const uint8_t> s, std::size_t i,
                                                                 std::span<const uint8_t> r, std::size_t j,
                                                                 std::size_t confirm, std::size_t lookahead) {
  for (std::size_t cost = 1; cost <= lookahead; ++cost) {
    // Substitution-heavy explanations first (a == b), then fewer total edits.
    for (std::size_t other = cost + 1; other-- > 0;) {
      const std::pair<std::size_t, std::size_t> tries[2] = {{cost, other}, {other, cost}};
      for (auto [a, b] : tries) {
        if (i + a > s.size() || j + b > r.size()) continue;
        if (agrees(s, i + a, r, j + b, confirm)) return std::make_pair(a, b);
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
  std::array<uint16_t, (kExactWindow + 1) * (kExactWindow + 1)> cost;
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
  if (a > 0 && b > 0 && a <= kExactWindow && b <= kExactWindow) {
    diff_window(out, s.subspan(i, a), r.subspan(j, b));
  } else {
    count_edits(out, a, b);
  }
}

}  // namespace

Alignment align_streams(std::span<const uint8_t> s, std::span<const uint8_t> r) {
  Alignment out;
  std::optional<Anchors> anchors;  // built on the first loss too long for the local search
  std::size_t i = 0, j = 0;
  std::size_t no_anchor_before = 0;
  std::size_t lookahead = kLookahead;  // received offsets below this were scanned and hold no usable anchor
  while (i < s.size() && j < r.size()) {
    if (s[i] == r[j]) {
      const std::size_t run = equal_run(s, i, r, j);
      i += run, j += run, out.matched += run;
      continue;
    }
    if (!out.first_error_sent) out.first_error_sent = i, out.first_error_received = j;
    // Damage every few bytes (a chip that garbles every other packet) leaves no 8 clean bytes in a
    // row; a shorter agreement still beats giving up, so it is tried before the anchors.
    auto edit = local_resync(s, i, r, j, kConfirm, lookahead);
    if (!edit) edit = local_resync(s, i, r, j, kConfirmShort, lookahead);
    // In a stretch where nothing resynchronises (garbage, or damage every byte or two), search
    // close by only, until the streams agree again: keeps the worst case linear and cheap.
    lookahead = edit ? kLookahead : kLookaheadDamaged;
    if (edit) {
      // The skipped bytes may still hold matches (two drops a few bytes apart): diff them exactly.
      count_gap(out, s, i, i + edit->first, r, j, j + edit->second);
      i += edit->first, j += edit->second;
      continue;
    }
    if (r.size() - j < kAnchorBytes) {
      // Too little received is left for an anchor: it can only be explained by the end of what was
      // sent (a lost middle, then the last bytes, such as an F7).
      count_gap(out, s, i, s.size(), r, j, r.size());
      i = s.size(), j = r.size();
      break;
    }
    bool bridged = false;
    if (j >= no_anchor_before) {
      if (!anchors) anchors.emplace(s);
      const std::size_t scan_end = std::min(r.size(), j + kAnchorScan);
      for (std::size_t p = j + 1; p + kAnchorBytes <= scan_end; ++p) {
        auto q = anchors->find(key_at(r, p), i + 1);
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
