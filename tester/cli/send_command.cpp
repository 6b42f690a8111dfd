#include "tester/cli/send_command.hpp"

#include <cstdio>

#include "reports/pacing_text.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/ports.hpp"
#include "tester/engine/engine.hpp"

namespace midiloop {
namespace {

void tell_dry_run(const SendOptions& options, const Transfer& transfer, double planned_s, std::ostream& out) {
  const Pacing& pacing = transfer.choice.pacing;
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.17g", pacing.rate_bps);  // exactly what the report said
  out << "Would send " << options.file << " (" << counted(transfer.file.messages.size(), "message") << ", "
      << counted(transfer.file.bytes(), "byte") << ") to '" << options.out << "' "
      << pacing_text(pacing, PacingForm::manner) << ", from " << transfer.choice.source << ": about "
      << minutes(planned_s) << ".\n"
      << "pacing: chunk_bytes=" << pacing.chunk_bytes << " rate_bps=" << rate << " chunk_gap_us=" << pacing.chunk_gap_us
      << " message_gap_us=" << pacing.message_gap_us << "\n";
}

}  // namespace

SendOptions parse_send_options(const Args& args) {
  SendOptions options;
  auto desc = command_options(
      "Usage: midiloop send FILE.syx --out PORT (--report R | --rate B/s [--chunk-bytes N]) "
      "[--dry-run] [--force]\n\n"
      "Sends the file to an instrument with the pacing a report proved safe (or the one given).\n"
      "Refuses a pacing the report saw losing data unless --force, warns when the report was made\n"
      "on another port, and never sends a file check-file rejects");
  add_transfer_options(desc, options);
  desc.add_options()("dry-run", po::bool_switch(&options.dry_run), "say what would be sent; open no port");
  finish_transfer_options(parse(args, desc, "send", "file"), "send", options);
  return options;
}

int run_send(const SendOptions& options, Console& console) {
  if (options.out.empty()) throw UsageError("midiloop send: give --out PORT: the port the instrument is on");
  Transfer transfer = prepare_transfer(options, "send", console);
  const double planned_s = static_cast<double>(planned_transfer_ns(transfer.file.messages, transfer.choice.pacing)) / 1e9;
  if (options.dry_run) {
    tell_dry_run(options, transfer, planned_s, console.out);
    return kExitSafe;
  }
  const LoopUnderTest loop = open_loop({.command = "send",
                                        .api = options.api,
                                        .out = options.out,
                                        .results_note = "The transfer did not finish: start the instrument's update "
                                                        "again before sending again.\n"},
                                       console);
  stop_if_interrupted("send", console);
  console.out << "Sending " << options.file << " to " << loop.link->info().out << " "
              << pacing_text(transfer.choice.pacing, PacingForm::manner) << ", from " << transfer.choice.source
              << ": about " << minutes(planned_s) << ".\n"
              << std::flush;
  TransferProgress progress(console.err, options.progress, *loop.clock);
  EngineOptions engine_options;
  engine_options.expect_echo = false;
  engine_options.keep_chunks = false;  // a file may have millions of messages
  engine_options.should_stop = [&console] { return console.stop_requested(); };
  engine_options.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
  Engine engine(*loop.link, *loop.clock, engine_options);
  const Capture capture =
      port_step([&] { return engine.run(std::move(transfer.file.messages), transfer.choice.pacing); });
  progress.clear();
  if (capture.interrupted) {
    console.out << "Interrupted after " << capture.bytes_handed << " of " << capture.sent.size()
                << " bytes: the instrument has an incomplete update. Start its update mode again and send the whole "
                   "file.\n";
    return kExitInterrupted;
  }
  console.out << "Sent " << capture.bytes_handed << " bytes in " << minutes(static_cast<double>(capture.end_ns) / 1e9)
              << ".\n";
  return kExitSafe;
}

}  // namespace midiloop
