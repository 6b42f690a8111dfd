#include "tester/cli/man_page.hpp"

#include <sstream>
#include <stdexcept>

#include "tester/cli/console.hpp"
#include "tester/cli/dispatch.hpp"
#include "tester/cli/errors.hpp"
#include "version.hpp"

namespace midiloop {
namespace {

// Text inside a line: a backslash is roff's escape, and '-' must be \- to stay a minus sign that
// can be searched for and copied ("--out", not "‐‐out").
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  return out;
}

// A line of text: escaped, and never read as a request (a line starting with '.' or ''').
std::string text_line(const std::string& text) {
  const std::string line = escaped(text);
  return (!line.empty() && (line.front() == '.' || line.front() == '\'') ? "\\&" : "") + line + "\n";
}

// Help text is wrapped for an 80-column terminal; man fills lines to the reader's width itself, so
// only a blank line (a new paragraph) is kept.
std::string paragraphs(const std::string& text) {
  std::string out = ".PP\n";
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out += line.empty() ? ".PP\n" : text_line(line);
  return out;
}

HelpPage page_of(const Command& command) {
  std::ostringstream out, err;
  Console console{out, err, nullptr, {}, false};
  try {
    command.main({"--help"}, console);
  } catch (const HelpRequested& help) {
    if (help.page()) return *help.page();
  }
  throw std::logic_error(std::string("'midiloop ") + command.name + " --help' gave no help page");
}

std::string command_section(const Command& command) {
  const HelpPage page = page_of(command);
  std::string out = ".SS " + text_line(command.name) + text_line(command.summary) + ".PP\n.nf\n";
  for (const auto& usage : page.usage) out += "\\fB" + escaped(usage) + "\\fR\n";
  out += ".fi\n" + paragraphs(page.description);
  for (const auto& option : page.options) {
    out.append(".TP\n\\fB").append(escaped(option.name)).append("\\fR");
    if (!option.parameter.empty()) out.append(" \\fI").append(escaped(option.parameter)).append("\\fR");
    out.append("\n").append(text_line(option.description));
  }
  return out;
}

}  // namespace

std::string man_page(const std::string& date) {
  std::string out = ".TH MIDILOOP 1 \"" + date + "\" \"midiloop " + kVersion + "\" \"User Commands\"\n";
  // No hyphenation and a ragged right edge: option names and port names must stay whole.
  out += ".nh\n.ad l\n";
  out += ".SH NAME\nmidiloop \\- will this MIDI interface choke on SysEx?\n";
  out += ".SH SYNOPSIS\n.B midiloop\n.I command\n[\\fIoptions\\fR]\n.br\n.B midiloop\n\\-\\-help | \\-\\-version\n";
  out += ".SH DESCRIPTION\n" + paragraphs(overview_description());
  out += ".SH COMMANDS\n";
  for (const Command& command : commands()) out += command_section(command);
  out += ".SH EXIT STATUS\n";
  for (const auto& meaning : kExitCodeMeanings) {
    out += ".TP\n.B " + std::to_string(meaning.code) + "\n" + text_line(meaning.meaning);
  }
  out += ".SH ENVIRONMENT\n";
  for (const auto& variable : environment_variables()) {
    out += ".TP\n.B " + text_line(variable.name) + text_line(variable.meaning);
  }
  out += ".SH SEE ALSO\nThe README and the user's guide: /usr/share/doc/midiloop/README.md, "
         "/usr/share/doc/midiloop/guide.md\n";
  return out;
}

}  // namespace midiloop
