#include "tester/cli/rehearse_command.hpp"

#include <algorithm>

#include "reports/pacing_text.hpp"
#include "tester/analysis/rehearsal.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/ports.hpp"
#include "tester/engine/engine.hpp"

namespace midiloop {
namespace {

int tell_result(const Transfer& transfer, const Capture& capture, const std::string& file, std::ostream& out) {
  const Rehearsal r = compare_rehearsal(capture);
  const Alignment& a = r.alignment;
  const std::size_t file_bytes = capture.sent.size();
  if (r.interrupted) {
    out << "Interrupted after " << std::min<std::size_t>(capture.bytes_handed, file_bytes) << " of " << file_bytes
        << " bytes; " << counted(r.messages_intact, "message") << " came back intact so far. Nothing is proven.\n";
    return kExitInterrupted;
  }
  out << r.messages_intact << " of " << r.messages << " messages came back intact; " << a.dropped << " bytes dropped, "
      << a.inserted << " inserted, " << a.corrupted << " corrupted";
  if (a.first_error_sent) out << "; first error at byte " << *a.first_error_sent;
  out << ".\n";
  const std::string pacing = pacing_text(transfer.choice.pacing, PacingForm::manner);
  if (r.intact()) {
    out << "Rehearsal passed: " << file << " survives this interface " << pacing << ".\n";
    return kExitSafe;
  }
  out << "Rehearsal FAILED: do not send " << file << " " << pacing << " through this interface.\n";
  return kExitFails;
}

}  // namespace

RehearseOptions parse_rehearse_options(const Args& args) {
  RehearseOptions options;
  auto desc = command_options(
      "Usage: midiloop rehearse FILE.syx [FILE.syx ...] (--out PORT --in PORT | --emulate MODEL)\n"
      "                         (--report R | --rate B/s [--chunk-bytes N]) [--pause-after-message MS]\n\n"
      "Sends the real files through the loop, one after the other, with the chosen pacing and\n"
      "compares what comes back, byte for byte and message by message: the final proof before an\n"
      "update. Exit 1 if any file did not come back intact");
  add_transfer_options(desc, options);
  desc.add_options()("in", po::value(&options.in), "input port of the loop")(
      "emulate", po::value(&options.emulate), "rehearse on an emulated interface (see 'midiloop models')")(
      "host", po::value(&options.host), "with --emulate: an emulated host in front of it (see 'midiloop models')")(
      "seed", po::value<std::string>()->default_value("1"), "seed for an emulated model");
  const auto vm = parse(args, desc, "rehearse", "file", -1);
  finish_transfer_options(vm, "rehearse", options);
  options.seed = *whole_option(vm, "seed", kSeed, "rehearse");
  return options;
}

int run_rehearse(const RehearseOptions& options, Console& console) {
  refuse_host_without_emulate("rehearse", options.host, options.emulate);
  const bool real = !options.out.empty() || !options.in.empty();
  if (real == !options.emulate.empty() || (real && (options.out.empty() || options.in.empty()))) {
    throw UsageError("midiloop rehearse: give --out PORT --in PORT (the loop), or --emulate MODEL");
  }
  Transfer transfer = prepare_transfer(options, "rehearse", console);
  const LoopUnderTest loop = open_loop({.command = "rehearse",
                                        .api = options.api,
                                        .out = options.out,
                                        .in = options.in,
                                        .results_note = "The rehearsal did not finish: nothing is proven.\n",
                                        .emulate = options.emulate,
                                        .host = options.host,
                                        .seed = options.seed},
                                       console);
  stop_if_interrupted("rehearse", console);
  const LinkInfo info = loop.link->info();
  const std::size_t named = options.files.size();
  EngineOptions engine_options;
  engine_options.wire_speed = loop.model_speed;
  engine_options.keep_chunks = false;  // a file may have millions of messages
  engine_options.should_stop = [&console] { return console.stop_requested(); };
  TransferProgress* progress_line = nullptr;  // the current file's
  engine_options.progress = [&progress_line](std::size_t done, std::size_t total) {
    if (progress_line) progress_line->update(done, total);
  };
  Engine engine(*loop.link, *loop.clock, engine_options);
  int worst = kExitSafe;
  for (FileToSend& file : transfer.files) {
    console.out << "midiloop rehearse: " << file_words(file, named) << " (" << counted(file.messages.size(), "message")
                << ", " << counted(file.messages.bytes().size(), "byte") << ") through " << info.out << " -> "
                << info.in << " " << pacing_text(transfer.choice.pacing, PacingForm::manner) << ", from "
                << transfer.choice.source << "; about "
                << minutes(static_cast<double>(planned_transfer_ns(file.messages, transfer.choice.pacing)) / 1e9 /
                           loop.model_speed)
                << "\n"
                << std::flush;
    TransferProgress progress(console.err, options.progress, *loop.clock);
    if (named > 1) progress.set_label(file_words(file, named) + ": ");
    progress_line = &progress;
    // The file's bytes move into the capture: one copy of them in memory, whatever the file's shape.
    const Capture capture = port_step([&] { return engine.run(std::move(file.messages), transfer.choice.pacing); });
    progress.clear();
    progress_line = nullptr;
    const int code = tell_result(transfer, capture, file.path, console.out);
    if (code == kExitInterrupted) return code;
    worst = std::max(worst, code);
  }
  return worst;
}

}  // namespace midiloop
