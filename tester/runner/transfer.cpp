#include "tester/runner/transfer.hpp"

#include <algorithm>
#include <utility>

#include "patterns/wire.hpp"
#include "reports/pacing_text.hpp"
#include "tester/engine/send_cuts.hpp"

namespace midiloop {

SyxFile prepare_syx(const std::string& path, std::vector<uint8_t> bytes) {
  SyxFile file;
  file.summary = check_syx(bytes);
  if (!file.summary.ok()) {
    const std::size_t n = file.summary.problem_count;
    std::string text = "'" + path + "' is not a well-formed .syx file (" + std::to_string(n) +
                       (n == 1 ? " problem" : " problems") + "; 'midiloop check-file' lists them)";
    if (!file.summary.problems.empty()) {
      text += ": at byte " + std::to_string(file.summary.problems.front().offset) + ", " +
              file.summary.problems.front().what;
    } else if (file.summary.messages == 0) {
      text += ": no complete F0 ... F7 message";
    }
    throw TransferRefused(text + ". midiloop never sends a file it would reject.");
  }
  file.messages = syx_messages(std::move(bytes));
  return file;
}

MessageList messages_from(const MessageList& messages, std::size_t first, const std::string& path) {
  if (first < 1 || first > messages.size()) {
    throw TransferRefused("'" + path + "' has " + std::to_string(messages.size()) + " messages: it has no message " +
                          std::to_string(first) + " to start from");
  }
  const std::vector<uint32_t>& starts = messages.starts();
  const uint32_t from = starts[first - 1];
  std::vector<uint8_t> bytes(messages.bytes().begin() + from, messages.bytes().end());
  std::vector<uint32_t> rest(starts.begin() + static_cast<std::ptrdiff_t>(first - 1), starts.end());
  for (uint32_t& at : rest) at -= from;
  return MessageList(std::move(bytes), std::move(rest));
}

std::vector<FileToSend> files_to_send(std::vector<std::pair<std::string, SyxFile>> files, const StartPoint& start) {
  if (start.file < 1 || start.file > files.size()) {
    throw TransferRefused(std::to_string(files.size()) + (files.size() == 1 ? " file was" : " files were") +
                          " named: there is no file " + std::to_string(start.file) + " to start from");
  }
  std::vector<FileToSend> out;
  for (std::size_t k = start.file - 1; k < files.size(); ++k) {
    auto& [path, file] = files[k];
    FileToSend f;
    f.path = path;
    f.number = k + 1;
    f.file_messages = file.messages.size();
    if (k + 1 == start.file && start.message != 1) {
      f.messages = messages_from(file.messages, start.message, path);
      f.first_message = start.message;
      f.first_byte = file.messages.starts()[start.message - 1];
    } else {
      f.messages = std::move(file.messages);
    }
    out.push_back(std::move(f));
  }
  return out;
}

StartPoint resume_point(const FileToSend& file, const std::vector<uint32_t>& starts, uint64_t bytes_handed) {
  if (bytes_handed == 0 || starts.empty()) return {file.number, file.first_message};
  // The last message starting at or before the last byte handed.
  const auto after = std::upper_bound(starts.begin(), starts.end(), bytes_handed - 1);
  const auto index = static_cast<std::size_t>(after - starts.begin()) - 1;
  return {file.number, file.first_message + index};
}

namespace {

bool at_least_as_hard(const Pacing& chosen, const Pacing& lossy) {
  const auto chunk = [](const Pacing& p) { return p.chunk_bytes == 0 ? UINT32_MAX : p.chunk_bytes; };
  const auto rate = [](const Pacing& p) { return p.rate_bps <= 0 ? 1e18 : p.rate_bps; };
  return chunk(chosen) >= chunk(lossy) && rate(chosen) >= rate(lossy);
}

}  // namespace

PacingChoice choose_pacing(const PacingRequest& request) {
  PacingChoice choice;
  if (request.chunk_bytes && !request.rate_bps) throw TransferRefused("--chunk-bytes goes with --rate");
  if (request.rate_bps && *request.rate_bps <= 0) throw TransferRefused("--rate must be a positive number of bytes/s");
  const std::optional<ReportFile>& reported = request.report;
  if (request.rate_bps) {
    choice.pacing = Pacing{request.chunk_bytes.value_or(48), 0, 0, *request.rate_bps};
    choice.source = "the --rate given";
  } else if (reported) {
    if (reported->verdict == Verdict::pass) {
      choice.pacing = Pacing{};
      choice.source = "report " + reported->path + " (PASS: safe at full speed)";
    } else if (reported->verdict == Verdict::pass_with_pacing && reported->advised) {
      choice.pacing = *reported->advised;
      choice.source = "report " + reported->path + " (PASS_WITH_PACING)";
    } else if (!request.force) {
      throw TransferRefused("report " + reported->path + " says " + std::string(verdict_name(reported->verdict)) +
                            ": it proves no pacing safe. Test again, or give --rate and --force if you know better.");
    } else {
      throw TransferRefused("report " + reported->path + " proves no pacing safe; with --force, also give --rate");
    }
  } else {
    throw TransferRefused("say how fast to send: --report FILE (from 'midiloop run') or --rate B/s [--chunk-bytes N]");
  }
  if (request.message_gap_us) choice.pacing.message_gap_us = *request.message_gap_us;
  if (reported) {
    for (const std::string& condition : reported->conditions) {
      choice.warnings.push_back("the report says this interface is safe only with " + condition);
    }
    for (const Pacing& lossy : reported->lossy) {
      if (!at_least_as_hard(choice.pacing, lossy)) continue;
      const std::string what = "the report saw " + pacing_text(lossy, PacingForm::phrase) + " lose data, and " +
                               pacing_text(choice.pacing, PacingForm::phrase) + " is no gentler";
      if (!request.force) throw TransferRefused(what + "; choose a slower --rate, or --force");
      choice.warnings.push_back(what + " (--force)");
      break;
    }
    if (!request.port.empty() && !reported->out_port.empty() &&
        reported->out_port.find(request.port) == std::string::npos) {
      choice.warnings.push_back("the report was made on port '" + reported->out_port + "', not '" + request.port +
                                "': its advice may not hold here");
    }
  }
  return choice;
}

int64_t planned_transfer_ns(const MessageList& messages, const Pacing& pacing, const SendLimits& limits) {
  int64_t total = 0;
  for (std::size_t k = 0; k < messages.size(); ++k) {
    const auto m = messages[k];
    std::size_t at = 0;
    for (const std::size_t n : send_lengths(m, pacing.chunk_bytes, limits)) {
      at += n;
      total += std::max(wire_ns(n), pacing.gap_ns(n, at == m.size()));
    }
  }
  return total;
}

}  // namespace midiloop
