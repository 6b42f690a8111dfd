#include "tester/cli/check_file_command.hpp"

#include <algorithm>

#include "patterns/syx_file.hpp"
#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/files.hpp"

namespace midiloop {
namespace {

void print_summary(const CheckFileOptions& options, const SyxSummary& s, std::ostream& out) {
  out << options.path << ": " << s.bytes << " bytes, " << s.messages << " SysEx message" << (s.messages == 1 ? "" : "s")
      << ", " << s.smallest << " to " << s.largest << " bytes each\n";
  if (!s.recognised.empty()) out << "  recognised: " << s.recognised << "\n";
  out << "  manufacturer IDs:";
  for (const auto& [id, n] : s.manufacturers) out << " " << id << " (" << n << ")";
  out << "\n  sizes:";
  for (const auto& [upper, n] : s.size_histogram) out << " <=" << upper << " B: " << n << ";";
  const double full_s = static_cast<double>(wire_ns(s.bytes)) / 1e9;
  out << "\n  time to send: " << minutes(full_s) << " at full speed (3125 B/s)";
  if (options.rate_bps > 0) {
    out << ", " << minutes(static_cast<double>(s.bytes) / std::min(options.rate_bps, kWireBytesPerSecond)) << " "
        << pacing_text({options.chunk_bytes, 0, 0, options.rate_bps}, PacingForm::manner);
  }
  out << "\n";
}

}  // namespace

CheckFileOptions parse_check_file_options(const Args& args) {
  CheckFileOptions options;
  auto desc = command_options(
      "Usage: midiloop check-file FILE.syx [--rate B/s [--chunk-bytes N]]\n\n"
      "Reads a .syx file and reports its messages, sizes, manufacturer IDs, a recognised Elektron\n"
      "header and every defect with its byte offset, and how long it takes to send. Exit 2 if it\n"
      "is malformed");
  desc.add_options()("file", po::value(&options.path), "the .syx file")(
      "rate", po::value<std::string>(), "also give the time at this many bytes per second")(
      "chunk-bytes", po::value<std::string>(), "the chunk size that goes with --rate");
  const auto vm = parse(args, desc, "check-file", "file");
  options.rate_bps = quantity_option(vm, "rate", kRateBps, "check-file").value_or(0);
  options.chunk_bytes = static_cast<uint32_t>(quantity_option(vm, "chunk-bytes", kChunkBytes, "check-file").value_or(0));
  if (options.path.empty()) throw UsageError("midiloop check-file: name a .syx file");
  return options;
}

int run_check_file(const CheckFileOptions& options, Console& console) {
  const SyxSummary s = check_syx(read_syx_or_usage("check-file", options.path));
  if (s.messages == 0) {
    std::string text = "midiloop check-file: '" + options.path + "' does not look like a SysEx file: no complete F0 " +
                       "... F7 message in " + std::to_string(s.bytes) + " bytes";
    for (const auto& p : s.problems) text += "\n  at " + std::to_string(p.offset) + ": " + p.what;
    throw UsageError(text);
  }
  print_summary(options, s, console.out);
  if (s.problem_count > 0) {
    std::string text = "midiloop check-file: '" + options.path + "' is malformed: " + std::to_string(s.problem_count) +
                       " problem" + (s.problem_count == 1 ? "" : "s") +
                       (s.problem_count > s.problems.size() ? "; the first:" : ":");
    for (const auto& p : s.problems) text += "\n  at byte " + std::to_string(p.offset) + ": " + p.what;
    throw UsageError(text + "\nDo not send this file: fix or re-download it.");
  }
  console.out << "  well formed.\n";
  return kExitSafe;
}

}  // namespace midiloop
