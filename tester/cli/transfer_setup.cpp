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
  desc.add_options()("file", po::value(&options.files), "the .syx files, sent in the order named")(
      "out", po::value(&options.out), "output port: number from 'midiloop list' or part of its name");
  add_api_option(desc, options.api);
  desc.add_options()("report", po::value<std::string>(), "take the pacing from this report of 'midiloop run'")(
      "rate", po::value<std::string>(), "send at this many bytes per second")(
      "chunk-bytes", po::value<std::string>(), "in chunks of this many bytes (with --rate; default 48)")(
      "pause-after-message", po::value<std::string>(),
      "pause this many ms after each F7, besides the pacing (some bootloaders need 200)")(
      "force", po::bool_switch(&options.force), "use a pacing the report saw losing data")(
      "no-progress", "no progress line on stderr");
}

void finish_transfer_options(const po::variables_map& vm, const std::string& command, TransferOptions& options) {
  if (options.files.empty()) throw UsageError("midiloop " + command + ": name a .syx file");
  if (vm.count("report")) options.report = vm["report"].as<std::string>();
  options.rate_bps = quantity_option(vm, "rate", kRateBps, command);
  if (const auto chunk = quantity_option(vm, "chunk-bytes", kChunkBytes, command)) {
    options.chunk_bytes = static_cast<uint32_t>(*chunk);
  }
  if (const auto pause_ms = quantity_option(vm, "pause-after-message", kPauseMs, command)) {
    options.message_gap_us = static_cast<int64_t>(*pause_ms * 1000.0);
  }
  options.progress = progress_on_stderr(vm.count("no-progress") > 0);
}

std::size_t Transfer::bytes() const {
  std::size_t n = 0;
  for (const FileToSend& f : files) n += f.messages.bytes().size();
  return n;
}

std::size_t Transfer::messages() const {
  std::size_t n = 0;
  for (const FileToSend& f : files) n += f.messages.size();
  return n;
}

Transfer prepare_transfer(const TransferOptions& options, const std::string& command, Console& console,
                          const StartPoint& start) {
  Transfer transfer;
  std::vector<std::pair<std::string, SyxFile>> files;
  for (const std::string& path : options.files) files.emplace_back(path, load_or_refuse(path, command));
  try {
    transfer.files = files_to_send(std::move(files), start);
  } catch (const TransferRefused& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
  PacingRequest request{std::nullopt, options.rate_bps, options.chunk_bytes, options.message_gap_us, options.force,
                        options.out};
  if (options.report) request.report = read_report_or_usage(command, *options.report);
  try {
    transfer.choice = choose_pacing(request);
  } catch (const TransferRefused& e) {
    throw UsageError("midiloop " + command + ": " + e.what());
  }
  for (const auto& w : transfer.choice.warnings) console.err << "midiloop " << command << ": warning: " << w << "\n";
  return transfer;
}

std::string file_words(const FileToSend& file, std::size_t named) {
  if (named == 1) return file.path;
  return "file " + std::to_string(file.number) + " of " + std::to_string(named) + ", " + file.path;
}

void stop_if_interrupted(const std::string& command, const Console& console) {
  if (console.stop_requested()) throw Interrupted("midiloop " + command + ": interrupted before anything was sent");
}

}  // namespace midiloop
