#pragma once
// Errors that carry their exit code (exit_codes.hpp; README, DESIGN.md), as CLI11's do: a
// command's setup throws one, and cli_main (dispatch.cpp) turns it into its message and exit code,
// in one place. The message is whole: "midiloop COMMAND: what failed; what to do".
#include <optional>
#include <stdexcept>
#include <string>

#include "tester/cli/exit_codes.hpp"
#include "tester/cli/help_page.hpp"

namespace midiloop {

class CliError : public std::runtime_error {
 public:
  CliError(const std::string& message, int exit_code) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// The command line or a file it names is wrong: an unknown option or port, a malformed .syx file,
// an unreadable report, a path that cannot be written (exit 2).
class UsageError : public CliError {
 public:
  explicit UsageError(const std::string& message) : CliError(message, kExitUsage) {}
};

// A port or the MIDI system failed (exit 4).
class SystemError : public CliError {
 public:
  explicit SystemError(const std::string& message) : CliError(message, kExitSystem) {}
};

// Ctrl-C came before anything was sent (exit 130).
class Interrupted : public CliError {
 public:
  explicit Interrupted(const std::string& message) : CliError(message, kExitInterrupted) {}
};

// Not a failure: --help, --help-suites or --version was asked for, and the text is the answer
// (exit 0, on stdout). Thrown so that a command's options end there, like CLI11's CallForHelp.
class HelpRequested : public CliError {
 public:
  explicit HelpRequested(const std::string& text, std::optional<HelpPage> page = std::nullopt)
      : CliError(text, kExitSafe), page_(std::move(page)) {}
  // A command's --help as data, for the manual page; none for --version and the like.
  const std::optional<HelpPage>& page() const { return page_; }

 private:
  std::optional<HelpPage> page_;
};

}  // namespace midiloop
