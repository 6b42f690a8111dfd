#include "tester/cli/check_file_command.hpp"

#include <algorithm>

#include "patterns/syx_file.hpp"
#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/files.hpp"

namespace midiloop {
namespace {

void print_summary(const CheckFileOptions& options, const std::string& path, const SyxSummary& s, std::ostream& out) {
  out << path << ": " << s.bytes << " bytes, " << s.messages << " SysEx message" << (s.messages == 1 ? "" : "s")
      << ", " << s.smallest << " to " << s.largest << " bytes each\n";
  if (!s.recognised.empty()) out << "  recognised: " << s.recognised << "\n";
  out << "  manufacturer IDs:";
  for (const auto& [id, n] : s.manufacturers) out << " " << id << " (" << n << ")";
  out << "\n  sizes:";
  for (const auto& [upper, n] : s.size_histogram) out << " <=" << upper << " B: " << n << ";";
  // A pause after each F7 adds to any pacing, full speed too (amidi -i, SysEx Librarian's pause).
  const double pauses_s = static_cast<double>(options.message_gap_us) * static_cast<double>(s.messages) / 1e6;
  const double full_s = static_cast<double>(wire_ns(s.bytes)) / 1e9;
  out << "\n  time to send: " << minutes(full_s) << " at full speed (3125 B/s)";
  if (options.rate_bps > 0 || options.message_gap_us > 0) {
    const Pacing pacing{options.chunk_bytes, 0, options.message_gap_us, options.rate_bps};
    const double rate = options.rate_bps > 0 ? std::min(options.rate_bps, kWireBytesPerSecond) : kWireBytesPerSecond;
    out << ", " << minutes(static_cast<double>(s.bytes) / rate + pauses_s) << " "
        << pacing_text(pacing, PacingForm::manner);
  }
  out << "\n";
}

// The problems of a file that cannot be sent, as the error says them.
std::string problems_text(const std::string& path, const SyxSummary& s) {
  if (s.messages == 0) {
    std::string text = "'" + path + "' does not look like a SysEx file: no complete F0 ... F7 message in " +
                       std::to_string(s.bytes) + " bytes";
    for (const auto& p : s.problems) text += "\n  at " + std::to_string(p.offset) + ": " + p.what;
    return text;
  }
  std::string text = "'" + path + "' is malformed: " + std::to_string(s.problem_count) + " problem" +
                     (s.problem_count == 1 ? "" : "s") + (s.problem_count > s.problems.size() ? "; the first:" : ":");
  for (const auto& p : s.problems) text += "\n  at byte " + std::to_string(p.offset) + ": " + p.what;
  return text + "\nDo not send this file: fix or re-download it.";
}

}  // namespace

std::vector<std::string> offset_lines(const std::vector<uint32_t>& starts, std::size_t file_bytes, bool all) {
  std::vector<std::string> lines;
  const std::size_t n = starts.size();
  const auto line = [&](std::size_t k) {
    const std::size_t end = k + 1 < n ? starts[k + 1] : file_bytes;
    lines.push_back("message " + std::to_string(k + 1) + " at byte " + std::to_string(starts[k]) + ", " +
                    std::to_string(end - starts[k]) + " bytes");
  };
  if (all || n <= 2 * kShownOffsets + 1) {
    for (std::size_t k = 0; k < n; ++k) line(k);
    return lines;
  }
  for (std::size_t k = 0; k < kShownOffsets; ++k) line(k);
  lines.push_back("... " + std::to_string(n - 2 * kShownOffsets) + " more (--offsets lists every one)");
  for (std::size_t k = n - kShownOffsets; k < n; ++k) line(k);
  return lines;
}

CheckFileOptions parse_check_file_options(const Args& args) {
  CheckFileOptions options;
  auto desc = command_options(
      "Usage: midiloop check-file FILE.syx [FILE.syx ...] [--rate B/s [--chunk-bytes N]]\n"
      "                           [--pause-after-message MS] [--offsets]\n\n"
      "Reads .syx files and reports their messages (numbered as 'send --from-message' counts them,\n"
      "with their byte offsets), sizes, manufacturer IDs, a recognised Elektron header and every\n"
      "defect with its byte offset, and how long each takes to send. Exit 2 if any is malformed");
  desc.add_options()("file", po::value(&options.paths), "the .syx files")(
      "rate", po::value<std::string>(), "also give the time at this many bytes per second")(
      "chunk-bytes", po::value<std::string>(), "the chunk size that goes with --rate")(
      "pause-after-message", po::value<std::string>(), "count a pause of this many ms after each F7 in the time")(
      "offsets", po::bool_switch(&options.all_offsets), "list every message's offset, not the first and last few");
  const auto vm = parse(args, desc, "check-file", "file", -1);
  options.rate_bps = quantity_option(vm, "rate", kRateBps, "check-file").value_or(0);
  options.chunk_bytes = static_cast<uint32_t>(quantity_option(vm, "chunk-bytes", kChunkBytes, "check-file").value_or(0));
  options.message_gap_us =
      static_cast<int64_t>(quantity_option(vm, "pause-after-message", kPauseMs, "check-file").value_or(0) * 1000.0);
  if (options.paths.empty()) throw UsageError("midiloop check-file: name a .syx file");
  return options;
}

int run_check_file(const CheckFileOptions& options, Console& console) {
  std::string refused;  // every file's problems, said after the others are told
  for (const std::string& path : options.paths) {
    std::vector<uint8_t> bytes = read_syx_or_usage("check-file", path);
    const SyxSummary s = check_syx(bytes);
    if (s.messages == 0) {
      refused += "\n" + problems_text(path, s);
      continue;
    }
    print_summary(options, path, s, console.out);
    if (s.problem_count > 0) {
      refused += "\n" + problems_text(path, s);
      continue;
    }
    const MessageList messages = syx_messages(std::move(bytes));
    for (const std::string& line : offset_lines(messages.starts(), messages.bytes().size(), options.all_offsets)) {
      console.out << "  " << line << "\n";
    }
    console.out << "  well formed.\n";
  }
  if (!refused.empty()) throw UsageError("midiloop check-file: " + refused.substr(1));
  return kExitSafe;
}

}  // namespace midiloop
