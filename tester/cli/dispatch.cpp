#include "tester/cli/dispatch.hpp"

#include <algorithm>
#include <cstring>

#include "tester/cli/check_file_command.hpp"
#include "tester/cli/compare_command.hpp"
#include "tester/cli/emulate_command.hpp"
#include "tester/cli/guide_command.hpp"
#include "tester/cli/errors.hpp"
#include "tester/cli/list_command.hpp"
#include "tester/cli/models_command.hpp"
#include "tester/cli/rehearse_command.hpp"
#include "tester/cli/report_command.hpp"
#include "tester/cli/run_command.hpp"
#include "tester/cli/send_command.hpp"
#include "version.hpp"

namespace midiloop {
namespace {

template <auto parse_options, auto run>
int command_main(const Args& args, Console& console) {
  return run(parse_options(args), console);
}

constexpr Command kCommands[] = {
    {"guide", "start here: step by step from choosing the interface to sending the firmware",
     command_main<parse_guide_options, run_guide>},
    {"list", "list MIDI ports, numbered, per API", command_main<parse_list_options, run_list>},
    {"run", "run the test suite on a loop cable, or on an emulated interface",
     command_main<parse_run_options, run_run>},
    {"models", "list the emulated interfaces and their parameters", command_main<parse_models_options, run_models>},
    {"emulate", "expose an emulated interface as MIDI ports, in real time",
     command_main<parse_emulate_options, run_emulate>},
    {"check-file", "is this .syx file well formed, and how long will it take to send?",
     command_main<parse_check_file_options, run_check_file>},
    {"rehearse", "send a real .syx file through the loop with a pacing, compare what comes back",
     command_main<parse_rehearse_options, run_rehearse>},
    {"send", "send a .syx file to an instrument with the pacing a report proved safe",
     command_main<parse_send_options, run_send>},
    {"compare", "reports side by side: which interface to buy", command_main<parse_compare_options, run_compare>},
    {"report", "a report as one HTML page: verdict, settings, charts, every test",
     command_main<parse_report_options, run_report>},
};

std::string overview() {
  std::size_t width = 0;
  for (const Command& c : kCommands) width = std::max(width, std::strlen(c.name) + 2);
  std::string text = "midiloop - will this MIDI interface choke on SysEx?\n\n" + overview_description() +
                     "\n\nUsage: midiloop <command> [options]\n\nCommands:\n";
  for (const Command& c : kCommands) text += "  " + std::string(c.name).append(width - std::strlen(c.name), ' ') + c.summary + "\n";
  text +=
      "\n  midiloop <command> --help   the options of one command\n"
      "  midiloop --version          the version\n\n"
      "Exit codes:\n";
  for (const auto& e : kExitCodeMeanings) text += "  " + std::to_string(e.code).append(5 - std::to_string(e.code).size(), ' ') + e.meaning + "\n";
  text += "\nEnvironment:\n";
  for (const auto& v : environment_variables()) text += "  " + std::string(v.name) + "\n      " + v.meaning + "\n";
  text.pop_back();  // the caller ends the line
  return text;
}

std::string command_names() {
  std::string names;
  for (const Command& c : kCommands) names += (names.empty() ? "" : ", ") + std::string(c.name);
  return names;
}

constexpr EnvironmentVariable kEnvironment[] = {
    {"SOURCE_DATE_EPOCH", "seconds since 1970: the report's started_at, so a run on an emulated model writes the same "
                          "report every time (the reproducible-builds convention)"},
    {"NO_COLOR", "when set and not empty: no colour"},
    {"TERM", "'dumb': no colour and no progress line"},
    {"JACK_DEFAULT_SERVER", "the JACK server to use with --api jack, when it has a name"},
};

}  // namespace

std::span<const Command> commands() { return kCommands; }

std::span<const EnvironmentVariable> environment_variables() { return kEnvironment; }

std::string overview_description() {
  return "Cable the interface's DIN OUT to its own DIN IN; midiloop sends SysEx of many sizes and\n"
         "speeds out, reads it back, compares every byte and says whether the interface is safe.";
}

int cli_main(int argc, const char* const* argv, Console& console) {
  const Args args(argv + 1, argv + argc);
  try {
    if (args.empty()) {
      // A person at a terminal is offered the guide; a script gets the overview and exit 2.
      if (console.interactive) {
        if (offer_guide(console)) {
          GuideOptions guide;
          guide.progress = progress_on_stderr(false);
          return run_guide(guide, console);
        }
        throw HelpRequested(overview());
      }
      throw UsageError(overview());
    }
    const std::string& word = args.front();
    if (word == "--help" || word == "-h" || word == "help") throw HelpRequested(overview());
    if (word == "--version") throw HelpRequested("midiloop " + version_text());
    const auto command = std::find_if(std::begin(kCommands), std::end(kCommands),
                                      [&](const Command& c) { return word == c.name; });
    if (command == std::end(kCommands)) {
      throw UsageError("midiloop: unknown command '" + word + "'; commands: " + command_names() +
                       " (see 'midiloop --help')");
    }
    return command->main(Args(args.begin() + 1, args.end()), console);
  } catch (const CliError& e) {
    (e.exit_code() == kExitSafe ? console.out : console.err) << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    // Nothing else says what it means for the exit code: the system failed (a file system, memory,
    // a port in the middle of a transfer).
    console.err << "midiloop: " << e.what() << "\n";
    return kExitSystem;
  }
}

}  // namespace midiloop
