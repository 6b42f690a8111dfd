#include "tester/cli/transfer_setup.hpp"

#include "tester/cli/errors.hpp"
#include "tester/cli/files.hpp"

namespace midiloop {
namespace {

SyxFile load_or_refuse(const std::string& path, const std::string& command) {
  try {
    return prepare_syx(path, read_syx_or_usage(command, path));
  } catch (const TransferRefused& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
}

}  // namespace

void add_transfer_options(po::options_description& desc, TransferOptions& options) {
  desc.add_options()("file", po::value(&options.file), "the .syx file")(
      "out", po::value(&options.out), "output port: number from 'midiloop list' or part of its name");
  add_api_option(desc, options.api);
  desc.add_options()("report", po::value<std::string>(), "take the pacing from this report of 'midiloop run'")(
      "rate", po::value<std::string>(), "send at this many bytes per second")(
      "chunk-bytes", po::value<std::string>(), "in chunks of this many bytes (with --rate; default 48)")(
      "force", po::bool_switch(&options.force), "use a pacing the report saw losing data")(
      "no-progress", "no progress line on stderr");
}

void finish_transfer_options(const po::variables_map& vm, const std::string& command, TransferOptions& options) {
  if (options.file.empty()) throw UsageError("midiloop " + command + ": name a .syx file");
  if (vm.count("report")) options.report = vm["report"].as<std::string>();
  options.rate_bps = quantity_option(vm, "rate", kRateBps, command);
  if (const auto chunk = quantity_option(vm, "chunk-bytes", kChunkBytes, command)) {
    options.chunk_bytes = static_cast<uint32_t>(*chunk);
  }
  options.progress = progress_on_stderr(vm.count("no-progress") > 0);
}

Transfer prepare_transfer(const TransferOptions& options, const std::string& command, Console& console) {
  Transfer transfer{load_or_refuse(options.file, command), {}};
  PacingRequest request{std::nullopt, options.rate_bps, options.chunk_bytes, options.force, options.out};
  if (options.report) request.report = read_report_or_usage(command, *options.report);
  try {
    transfer.choice = choose_pacing(request);
  } catch (const TransferRefused& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
  for (const auto& w : transfer.choice.warnings) console.err << "midiloop " << command << ": warning: " << w << "\n";
  return transfer;
}

void stop_if_interrupted(const std::string& command, const Console& console) {
  if (console.stop_requested()) throw Interrupted("midiloop " + command + ": interrupted before anything was sent");
}

}  // namespace midiloop
