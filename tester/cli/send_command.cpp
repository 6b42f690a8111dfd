#include "tester/cli/send_command.hpp"

#include <cstdio>

#include "patterns/line_traffic.hpp"
#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/ports.hpp"
#include "tester/engine/engine.hpp"

namespace midiloop {
namespace {

double seconds(int64_t ns) { return static_cast<double>(ns) / 1e9; }

// The whole send's wire time at the pacing, with the pauses between files.
int64_t planned_ns(const Transfer& transfer, const SendOptions& options) {
  int64_t total = 0;
  for (const FileToSend& f : transfer.files) total += planned_transfer_ns(f.messages, transfer.choice.pacing);
  return total + 1000 * options.file_pause_us * static_cast<int64_t>(transfer.files.size() - 1);
}

// "B.syx (14,700 messages, 1,631,700 bytes) from message 12", each file on its own line when several.
void tell_files(const Transfer& transfer, std::size_t named, std::ostream& out) {
  for (const FileToSend& f : transfer.files) {
    out << "  " << file_words(f, named) << ": " << counted(f.messages.size(), "message") << ", "
        << counted(f.messages.bytes().size(), "byte");
    if (f.first_message != 1) {
      out << ", from message " << f.first_message << " of " << f.file_messages << " (byte " << f.first_byte << ")";
    }
    out << "\n";
  }
}

void tell_dry_run(const SendOptions& options, const Transfer& transfer, std::ostream& out) {
  const Pacing& pacing = transfer.choice.pacing;
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.17g", pacing.rate_bps);  // exactly what the report said
  out << "Would send " << counted(transfer.messages(), "message") << ", " << counted(transfer.bytes(), "byte")
      << " to '" << options.out << "' " << pacing_text(pacing, PacingForm::manner) << ", from "
      << transfer.choice.source << ": about " << minutes(seconds(planned_ns(transfer, options))) << ".\n";
  tell_files(transfer, options.files.size(), out);
  if (transfer.files.size() > 1) out << "With " << options.file_pause_us / 1000.0 << " ms between files.\n";
  if (!options.listen) out << "Would not listen first (--no-listen).\n";
  else if (options.in.empty()) out << "Would not listen first: no --in port given.\n";
  else out << "Would listen on '" << options.in << "' for 2 s first and send nothing if it is not quiet.\n";
  out << "pacing: chunk_bytes=" << pacing.chunk_bytes << " rate_bps=" << rate << " chunk_gap_us=" << pacing.chunk_gap_us
      << " message_gap_us=" << pacing.message_gap_us << "\n";
}

// Listens on the input before anything is sent: a bootloader that sees clock or Active Sensing
// mid-update can fail (docs/background.md §8). Throws SystemError naming what it heard.
void check_quiet_line(Engine& engine, const std::string& port, Console& console) {
  console.out << "Listening on " << port << " for " << seconds(kQuietListenNs)
              << " s: the line must be quiet during an update.\n"
              << std::flush;
  const Engine::Heard heard = port_step([&] { return engine.listen_quietly(kQuietListenNs); });
  if (heard.interrupted) throw Interrupted("midiloop send: interrupted before anything was sent");
  std::vector<uint8_t> bytes;
  for (const Arrival& a : heard.arrivals) bytes.insert(bytes.end(), a.bytes.begin(), a.bytes.end());
  const std::vector<std::string> said = describe_line_traffic(classify_line_traffic(bytes));
  if (said.empty()) {
    console.out << "The line is quiet.\n";
    return;
  }
  std::string text = "midiloop send: nothing was sent: the line is not quiet on '" + port + "':";
  for (const std::string& s : said) text += "\n  " + s + ".";
  throw SystemError(text + "\nStray realtime messages during an update break some bootloaders. Stop what sends them "
                           "and send again (--no-listen skips this check).");
}

}  // namespace

SendOptions parse_send_options(const Args& args) {
  SendOptions options;
  auto desc = command_options(
      "Usage: midiloop send FILE.syx [FILE.syx ...] --out PORT (--report R | --rate B/s [--chunk-bytes N])\n"
      "                     [--in PORT | --no-listen] [--pause-after-message MS] [--pause-between-files MS]\n"
      "                     [--from-file K] [--from-message N] [--dry-run] [--force]\n\n"
      "Sends the files to an instrument, in the order named, with the pacing a report proved safe (or\n"
      "the one given). Every file is checked before anything is sent. With --in it first listens for\n"
      "2 s and sends nothing if clock, Active Sensing or anything else arrives (exit 4). It says done\n"
      "only when the last byte has had its wire time. Refuses a pacing the report saw losing data\n"
      "unless --force, warns when the report was made on another port, and never sends a file\n"
      "check-file rejects");
  add_transfer_options(desc, options);
  desc.add_options()("in", po::value(&options.in),
                     "listen on this input port for 2 s first: the loop's input, or the port the instrument is on")(
      "no-listen", "do not listen first")(
      "pause-between-files", po::value<std::string>(),
      "pause this many ms after each file's last byte has left the wire (default 0)")(
      "from-file", po::value<std::string>(), "start with this file of those named (1-based; the ones before are checked, not sent)")(
      "from-message", po::value<std::string>(),
      "start at this message of the first file sent (1-based, as 'check-file --offsets' counts): resume an update")(
      "dry-run", po::bool_switch(&options.dry_run), "say what would be sent; open no port");
  const auto vm = parse(args, desc, "send", "file", -1);
  finish_transfer_options(vm, "send", options);
  options.listen = vm.count("no-listen") == 0;
  if (const auto pause = quantity_option(vm, "pause-between-files", kPauseMs, "send")) {
    options.file_pause_us = static_cast<int64_t>(*pause * 1000.0);
  }
  if (const auto k = quantity_option(vm, "from-file", kOrdinal, "send")) options.start.file = static_cast<std::size_t>(*k);
  if (const auto n = quantity_option(vm, "from-message", kOrdinal, "send")) {
    options.start.message = static_cast<std::size_t>(*n);
  }
  return options;
}

int run_send(const SendOptions& options, Console& console) {
  if (options.out.empty()) throw UsageError("midiloop send: give --out PORT: the port the instrument is on");
  if (!options.listen && !options.in.empty()) {
    throw UsageError("midiloop send: --in names the port to listen on and --no-listen says not to listen: give one");
  }
  Transfer transfer = prepare_transfer(options, "send", console, options.start);
  if (options.dry_run) {
    tell_dry_run(options, transfer, console.out);
    return kExitSafe;
  }
  const LoopUnderTest loop = open_loop({.command = "send",
                                        .api = options.api,
                                        .out = options.out,
                                        .in = options.listen ? options.in : std::string(),
                                        .results_note = "The transfer did not finish: start the instrument's update "
                                                        "again before sending again.\n"},
                                       console);
  stop_if_interrupted("send", console);
  EngineOptions engine_options;
  engine_options.expect_echo = false;
  engine_options.keep_chunks = false;  // a file may have millions of messages
  engine_options.should_stop = [&console] { return console.stop_requested(); };
  TransferProgress* progress_line = nullptr;  // the current file's
  engine_options.progress = [&progress_line](std::size_t done, std::size_t total) {
    if (progress_line) progress_line->update(done, total);
  };
  std::size_t file_bytes = 0;  // the current file's, for the line while the wire drains
  engine_options.draining = [&progress_line, &file_bytes](int64_t drained_ns) {
    if (progress_line) progress_line->draining(file_bytes, drained_ns);
  };
  Engine engine(*loop.link, *loop.clock, engine_options);
  if (!options.listen) {
    console.out << "The line was not checked for clock or Active Sensing (--no-listen).\n";
  } else if (options.in.empty()) {
    console.out << "The line was not checked for clock or Active Sensing: give --in PORT to listen first.\n";
  } else {
    check_quiet_line(engine, loop.link->info().in, console);
  }
  const Pacing pacing = engine.effective(transfer.choice.pacing);
  console.out << "Sending " << counted(transfer.messages(), "message") << ", " << counted(transfer.bytes(), "byte")
              << " to " << loop.link->info().out << " " << pacing_text(pacing, PacingForm::manner) << ", from "
              << transfer.choice.source << ": about " << minutes(seconds(planned_ns(transfer, options))) << ".\n";
  tell_files(transfer, options.files.size(), console.out);
  console.out << std::flush;

  const std::size_t named = options.files.size();
  const std::size_t messages_sent = transfer.messages();  // counted now: sending moves them into the engine
  int64_t first_left_ns = -1, last_left_ns = 0, drained_ns = 0;
  uint64_t bytes_sent = 0;
  for (std::size_t k = 0; k < transfer.files.size(); ++k) {
    FileToSend& file = transfer.files[k];
    if (k > 0 && !engine.rest_until(drained_ns + 1000 * options.file_pause_us)) {
      console.out << "Interrupted between files: " << counted(bytes_sent, "byte") << " sent, none of " << file.path
                  << ". To go on: --from-file " << file.number << ".\n";
      return kExitInterrupted;
    }
    TransferProgress progress(console.err, options.progress, *loop.clock);
    if (named > 1) progress.set_label(file_words(file, named) + ": ");
    progress.set_wire_floor(kWireBytesPerSecond);
    progress_line = &progress;
    file_bytes = file.messages.bytes().size();
    const std::size_t messages = file.messages.size();
    const Capture capture = port_step([&] { return engine.run(std::move(file.messages), transfer.choice.pacing); });
    progress.clear();
    progress_line = nullptr;
    if (capture.interrupted) {
      const StartPoint resume = resume_point(file, capture.message_offsets, capture.bytes_handed);
      console.out << "Interrupted in " << file_words(file, named) << " after " << capture.bytes_handed << " of "
                  << capture.sent.size() << " bytes: the instrument has an incomplete update. Start its update "
                  << "mode again and send the whole file, or, if it can resume, send again with --from-file "
                  << resume.file << " --from-message " << resume.message << ".\n";
      return kExitInterrupted;
    }
    if (first_left_ns < 0) first_left_ns = capture.first_left_ns;
    drained_ns = capture.drained_ns;
    last_left_ns = capture.last_left_ns;
    bytes_sent += capture.bytes_handed;
    if (named > 1) {
      console.out << "Sent " << file_words(file, named) << ": " << counted(capture.bytes_handed, "byte") << ", "
                  << counted(messages, "message") << ".\n"
                  << std::flush;
    }
  }
  char taken[32];
  std::snprintf(taken, sizeof taken, "%.3f s", seconds(drained_ns - first_left_ns));
  console.out << "Sent " << bytes_sent << " bytes (" << counted(messages_sent, "message") << ") in "
              << minutes(seconds(drained_ns - first_left_ns)) << " (" << taken << " from the first byte leaving the "
              << "host to the last leaving the interface at 3125 B/s) " << pacing_text(pacing, PacingForm::manner)
              << ".\n";
  // How long send waited for the wire after the host had everything: what a sender that says done at
  // its last send call would have left out.
  std::snprintf(taken, sizeof taken, "%.3f s", seconds(last_left_ns - first_left_ns));
  console.out << "The host had taken the last byte " << taken << " after the first left; the wire needed the rest.\n";
  return kExitSafe;
}

}  // namespace midiloop
