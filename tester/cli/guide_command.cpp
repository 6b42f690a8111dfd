#include "tester/cli/guide_command.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "patterns/syx_file.hpp"
#include "reports/pacing_text.hpp"
#include "reports/report_file.hpp"
#include "tester/cli/check_file_command.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/files.hpp"
#include "tester/cli/ports.hpp"
#include "tester/cli/rehearse_command.hpp"
#include "tester/cli/run_command.hpp"
#include "tester/cli/send_command.hpp"
#include "tester/runner/loop_check.hpp"

namespace midiloop {
namespace {

po::options_description guide_description(GuideOptions& o) {
  auto desc = command_options(
      "Usage: midiloop guide [options]\n"
      "       midiloop guide --emulate MODEL\n\n"
      "Walks you through it, one step at a time: choose the interface, cable it (midiloop waits\n"
      "until the loop is there), run the test and read its verdict, then - when it is safe - check\n"
      "your firmware file, rehearse it through the loop and send it to the instrument. Every question\n"
      "takes Enter for its safe default; Ctrl-C leaves at any step. 'midiloop' with no command\n"
      "offers it on a terminal");
  add_api_option(desc, o.api);
  desc.add_options()("emulate", po::value(&o.emulate), "walk through it with an emulated interface (see 'midiloop models')")(
      "folder", po::value(&o.folder)->default_value(o.folder),
      "where to write the report and its page (new files; never over one that exists)")(
      "no-progress", "no progress line on stderr");
  return desc;
}

// The user left: Ctrl-C, or the terminal closed (the input ended).
struct Left {};

class Guide {
 public:
  Guide(const GuideOptions& options, Console& console) : options_(options), console_(console) {}
  int run();

 private:
  struct Interface {
    std::string name, api, out, in;
  };

  std::string ask(const std::string& question);
  bool yes(const std::string& question);  // Enter is yes
  void step(int number, const std::string& title);
  Interface choose_interface();
  bool wait_for_loop(const Interface& chosen);
  int test(const Interface& chosen);
  int firmware(const Interface& chosen);
  void say(const std::string& text) { console_.out << text << "\n" << std::flush; }

  const GuideOptions& options_;
  Console& console_;
  std::string report_path_, html_path_;
};

constexpr int kSteps = 4;

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto start = std::find_if(text.begin(), text.end(), [](unsigned char c) { return !std::isspace(c); });
  return std::string(start, text.end());
}

// A path as a terminal pastes a dragged file: in quotes, or with '\ ' for each space.
std::string dropped_path(std::string text) {
  text = trimmed(text);
  if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') && text.back() == text.front()) {
    return text.substr(1, text.size() - 2);
  }
  std::string path;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '\\' && k + 1 < text.size() && text[k + 1] == ' ') continue;
    path += text[k];
  }
  return path;
}

std::string std_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// One interface's two ports share a name but for the direction: "UM-ONE MIDI 1" both ways (ALSA,
// WinMM), "emu:in" and "emu:out", "system:midi_playback_1" and "system:midi_capture_1" (JACK).
std::string without_direction(const std::string& port) {
  std::string name = std_lower(port);
  for (const char* word : {"playback", "capture"}) {
    if (const auto at = name.find(word); at != std::string::npos) name.erase(at, std::string(word).size());
  }
  for (const char* suffix : {":in", ":out", " in", " out", " input", " output"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      name.erase(name.size() - s.size());
    }
  }
  return name;
}

// The interface's name as its two ports share it: "UM-ONE MIDI 1", "emu" for "emu:in" and "emu:out".
std::string interface_name(const std::string& out, const std::string& in) {
  std::size_t common = 0;
  while (common < out.size() && common < in.size() && out[common] == in[common]) ++common;
  std::string name = out.substr(0, common);
  while (!name.empty() && (name.back() == ':' || name.back() == '_' || name.back() == ' ' || name.back() == '-')) {
    name.pop_back();
  }
  return name.empty() ? out : name;
}

std::string Guide::ask(const std::string& question) {
  console_.out << question << " " << std::flush;
  std::string line;
  // A signal interrupts the read (main.cpp installs its handlers without SA_RESTART).
  if (!std::getline(std::cin, line) || console_.stop_requested()) throw Left{};
  return trimmed(line);
}

bool Guide::yes(const std::string& question) {
  for (;;) {
    const std::string answer = std_lower(ask(question + " [Y/n]"));
    if (answer.empty() || answer == "y" || answer == "yes") return true;
    if (answer == "n" || answer == "no") return false;
    say("Please type y or n (or press Enter for yes).");
  }
}

void Guide::step(int number, const std::string& title) {
  say("\n== Step " + std::to_string(number) + " of " + std::to_string(kSteps) + ": " + title + " ==");
}

Guide::Interface Guide::choose_interface() {
  step(1, "the interface");
  if (!options_.emulate.empty()) {
    say("This is a walk-through with an emulated interface ('" + options_.emulate +
        "'): nothing is sent to real MIDI hardware.");
    return {"emulated " + options_.emulate, options_.api, "", ""};
  }
  for (;;) {
    std::vector<Interface> found;
    for (const auto& api : port_step([&] { return list_all_ports(options_.api); })) {
      if (!api.problem.empty()) continue;
      for (const auto& out : api.outputs) {
        for (const auto& in : api.inputs) {
          if (without_direction(out) == without_direction(in)) {
            found.push_back({interface_name(out, in), api.api, out, in});
          }
        }
      }
    }
    if (found.empty()) {
      say("No MIDI interface found (no output and input that belong together). Plug the interface into this\n"
          "computer, wait a few seconds, and press Enter to look again; Ctrl-C leaves.");
      ask(">");
      continue;
    }
    say("MIDI interfaces on this computer:");
    for (std::size_t k = 0; k < found.size(); ++k) {
      say("  " + std::to_string(k + 1) + ") " + found[k].name + "  (" + found[k].api + ")");
    }
    for (;;) {
      const std::string answer = ask("Which one do you want to test? [1]");
      if (answer.empty()) return found.front();
      std::size_t pick = 0;
      if (std::all_of(answer.begin(), answer.end(), [](unsigned char c) { return std::isdigit(c); }) &&
          answer.size() < 4) {
        pick = std::stoul(answer);
      }
      if (pick >= 1 && pick <= found.size()) return found[pick - 1];
      say("There is no '" + answer + "' in the list: type a number from 1 to " + std::to_string(found.size()) +
          ", or press Enter for 1.");
    }
  }
}

bool Guide::wait_for_loop(const Interface& chosen) {
  step(2, "the loop cable");
  say("Take one MIDI cable and plug it into the interface's MIDI OUT socket and its own MIDI IN\n"
      "socket, so that what midiloop sends comes straight back. Unplug the instrument from the\n"
      "interface for now (the test's messages carry the non-commercial ID 7D, so no instrument acts\n"
      "on them, but the firmware comes later).");
  const LoopUnderTest loop = open_loop({.command = "guide", .api = chosen.api, .out = chosen.out, .in = chosen.in,
                                        .emulate = options_.emulate},
                                       console_);
  say("Waiting for the loop (Ctrl-C to leave)...");
  const auto stop = [this] { return console_.stop_requested(); };
  std::optional<LoopState> last;
  for (int tries = 0;; ++tries) {
    const auto started = std::chrono::steady_clock::now();
    const LoopCheck check = port_step([&] { return check_loop(*loop.link, *loop.clock, loop.model_speed, stop); });
    if (console_.stop_requested()) throw Left{};
    if (!last || *last != check.state || check.state != LoopState::nothing_back) say("  " + check.words());
    last = check.state;
    if (check.state == LoopState::found) return true;
    if (check.state == LoopState::faster_than_wire) {
      say("midiloop tests a cable between the interface's own sockets; these ports are not that.");
      return false;
    }
    if (tries > 0 && tries % 120 == 0 && !yes("Still nothing after " + std::to_string(tries / 60) + " minutes. Keep waiting?")) {
      return false;
    }
    // One probe a second: the probe itself takes its wire time, up to a second when nothing comes.
    while (std::chrono::steady_clock::now() - started < std::chrono::seconds(1)) {
      if (console_.stop_requested()) throw Left{};
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

// "folder/midiloop-um-one-midi-1.json", or with "-2", "-3" when such a report or page exists.
std::pair<std::string, std::string> new_report_paths(const std::string& folder, const std::string& name) {
  std::string slug;
  for (char c : std_lower(name)) {
    if (std::isalnum(static_cast<unsigned char>(c))) slug += c;
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  const std::filesystem::path base = std::filesystem::path(folder) / ("midiloop-" + slug);
  for (int n = 1;; ++n) {
    const std::string stem = base.string() + (n == 1 ? "" : "-" + std::to_string(n));
    std::error_code error;
    if (!std::filesystem::exists(stem + ".json", error) && !std::filesystem::exists(stem + ".html", error)) {
      return {stem + ".json", stem + ".html"};
    }
  }
}

int Guide::test(const Interface& chosen) {
  step(3, "the test");
  std::tie(report_path_, html_path_) = new_report_paths(options_.folder, chosen.name);
  say("midiloop now sends SysEx of many sizes and speeds through the loop and compares every byte that\n"
      "comes back; when something is lost it looks for a slower pacing that is safe. It takes a few\n"
      "minutes. The report goes to " + report_path_ + ", a page to read it to " + html_path_ + ".");
  RunOptions run;
  run.out = chosen.out;
  run.in = chosen.in;
  run.api = chosen.api;
  run.emulate = options_.emulate;
  run.report = report_path_;
  run.html = html_path_;
  run.label = chosen.name;
  run.progress = options_.progress;
  const int code = run_run(run, console_);
  if (code == kExitInterrupted || console_.stop_requested()) throw Left{};
  const ReportFile report = read_report_file(report_path_);
  say("");
  switch (report.verdict) {
    case Verdict::pass:
      say("In short: SAFE. This interface carried every byte, at full speed. You can send firmware through it.");
      break;
    case Verdict::pass_with_pacing:
      say("In short: SAFE WITH SETTINGS. At full speed this interface loses data; sent slower it does not:\n"
          "  send " + (report.advised ? pacing_text(*report.advised, PacingForm::manner) : std::string()) +
          "\nmidiloop's own send uses these settings for you.");
      break;
    case Verdict::fail:
      say("In short: DO NOT USE this interface for a firmware update: it lost or changed data even when\n"
          "sent slowly. Use another interface.");
      break;
    case Verdict::no_loop:
      say("In short: nothing came back during the test. Check the cable (OUT to IN of the same interface).");
      break;
    case Verdict::not_din:
      say("In short: the data came back faster than a MIDI cable carries it: these are not the interface's\n"
          "DIN sockets. Choose the interface's own ports.");
      break;
    case Verdict::incomplete:
      say("In short: no verdict - the test did not finish (see above). Close other programs and try again.");
      break;
  }
  say("Open " + html_path_ + " in a browser to see everything the test measured.");
  return code;
}

// What the instrument shows while it waits for its firmware, and when it is done.
struct UpdateMode {
  std::string enter, done;
};

UpdateMode update_mode(const SyxSummary& file) {
  if (file.recognised.rfind("Elektron", 0) == 0) {
    return {"Switch the instrument off. Hold its FUNCTION key while switching it on, and choose\n"
            "'MIDI Upgrade' (docs/background.md §5). The display shows 'WAITING...' until data arrives.",
            "The instrument shows its progress, writes the new OS and restarts by itself when it is done.\n"
            "Do not switch it off while it writes."};
  }
  return {"Put the instrument into its update mode as its manual says (often: hold a key while switching\n"
          "it on). It usually shows that it is waiting for data.",
          "The instrument should say that the update is complete, or restart by itself, as its manual\n"
          "says. Do not switch it off while it writes."};
}

int Guide::firmware(const Interface& chosen) {
  step(4, "the firmware");
  // The pacing the test proved, for the time check-file shows.
  const ReportFile report = read_report_file(report_path_);
  CheckFileOptions check;
  if (report.advised) {
    check.chunk_bytes = report.advised->chunk_bytes;
    check.rate_bps = report.advised->rate_bps;
    check.message_gap_us = report.advised->message_gap_us;
  }
  std::string path;
  for (;;) {
    path = dropped_path(ask("If you have a firmware file (.syx) to send, type its path (or drag the file into this\n"
                            "window) and press Enter; press Enter alone to finish:"));
    if (path.empty()) {
      say("Done. The report is in " + report_path_ + ".");
      return kExitSafe;
    }
    check.paths = {path};
    try {
      if (run_check_file(check, console_) == kExitSafe) break;
    } catch (const UsageError& e) {
      say(e.what());
    }
    say("That file cannot be sent as it is (see above). Try another file, or press Enter to finish.");
  }
  const SyxSummary summary = check_syx(read_syx_or_usage("guide", path));

  RehearseOptions rehearse;
  rehearse.files = {path};
  rehearse.out = chosen.out;
  rehearse.in = chosen.in;
  rehearse.api = chosen.api;
  rehearse.emulate = options_.emulate;
  rehearse.report = report_path_;
  rehearse.progress = options_.progress;
  if (yes("Rehearse it through the loop first? The whole file goes out and back through the cable with the\n"
          "safe settings, and every byte is compared; it takes as long as the send (see above).")) {
    const int code = run_rehearse(rehearse, console_);
    if (code == kExitInterrupted || console_.stop_requested()) throw Left{};
    if (code != kExitSafe) {
      say("The rehearsal did not bring the file back intact (see above): do not send it through this interface.");
      return code;
    }
  }

  const UpdateMode mode = update_mode(summary);
  say("\nNow connect the instrument:\n"
      "  1. Unplug the loop cable from the interface's MIDI IN.\n"
      "  2. Plug the interface's MIDI OUT into the instrument's MIDI IN.\n"
      "  3. " + mode.enter);
  if (!yes("Is the instrument waiting for the firmware? Enter sends it now, n leaves without sending.")) {
    say("Nothing was sent.");
    return kExitSafe;
  }
  int code = kExitSafe;
  if (!options_.emulate.empty()) {
    say("(An emulated interface: the file goes through its loop, where the instrument would be.)");
    code = run_rehearse(rehearse, console_);
  } else {
    SendOptions send;
    send.files = {path};
    send.out = chosen.out;
    send.api = chosen.api;
    send.report = report_path_;
    send.progress = options_.progress;
    code = run_send(send, console_);
  }
  if (code == kExitInterrupted || console_.stop_requested()) throw Left{};
  if (code == kExitSafe) say("\nSent. " + mode.done);
  return code;
}

int Guide::run() {
  say("midiloop guide: will this MIDI interface carry your firmware update? Press Enter to take the\n"
      "suggested answer at every question; Ctrl-C leaves at any time.");
  try {
    for (;;) {
      const Interface chosen = choose_interface();
      if (!wait_for_loop(chosen)) {
        if (options_.emulate.empty() && yes("Choose another interface?")) continue;
        return kExitInconclusive;
      }
      const int code = test(chosen);
      if (code != kExitSafe) return code;
      return firmware(chosen);
    }
  } catch (const Left&) {
    say("\nLeft the guide. Nothing more was sent" +
        (report_path_.empty() ? std::string(".") : "; what was measured is in " + report_path_ + "."));
    return kExitInterrupted;
  }
}

}  // namespace

GuideOptions parse_guide_options(const Args& args) {
  GuideOptions options;
  const auto vm = parse(args, guide_description(options), "guide");
  if (!options.emulate.empty()) parse_model_or_usage("guide", options.emulate);
  options.progress = progress_on_stderr(vm.count("no-progress") > 0);
  return options;
}

int run_guide(const GuideOptions& options, Console& console) { return Guide(options, console).run(); }

bool offer_guide(Console& console) {
  console.out << "No command given. The guided mode walks you through testing your MIDI interface and\n"
                 "sending a firmware file, one question at a time. Start it? [Y/n] "
              << std::flush;
  std::string line;
  if (!std::getline(std::cin, line) || console.stop_requested()) return false;
  line = std_lower(trimmed(line));
  return line.empty() || line == "y" || line == "yes";
}

}  // namespace midiloop
