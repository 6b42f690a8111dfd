#pragma once
// Sending a real .syx file: checking it, choosing the pacing (a report's advice or explicit
// settings), and its planned wire time.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tester/engine/link.hpp"
#include "tester/plan/suite.hpp"
#include "patterns/syx_file.hpp"
#include "reports/report_file.hpp"

namespace midiloop {

// A file or a choice the user made cannot be used; the message says why and what to do.
class TransferRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SyxFile {
  MessageList messages;  // the file's bytes, message by message
  SyxSummary summary;
  std::size_t bytes() const { return messages.bytes().size(); }
};

// A .syx file's bytes (read by the CLI, which reads the files the user names) checked and split
// into messages; throws TransferRefused naming `path` for anything check-file would reject.
SyxFile prepare_syx(const std::string& path, std::vector<uint8_t> bytes);

struct PacingRequest {
  std::optional<ReportFile> report;   // a report from 'midiloop run', as read_report_file read it
  std::optional<double> rate_bps;     // or explicit settings
  std::optional<uint32_t> chunk_bytes;
  bool force = false;                 // use a pacing the report saw losing data, or a FAIL report
  std::string port;                   // the port about to be used, to compare with the report's
};

struct PacingChoice {
  Pacing pacing;
  std::string source;                 // where it came from, in words
  std::vector<std::string> warnings;
};

PacingChoice choose_pacing(const PacingRequest& request);

// Wire time of the file at a pacing (the gaps, or the wire, whichever is longer, per send), cut
// into sends as the engine cuts it on a link with `limits`.
int64_t planned_transfer_ns(const MessageList& messages, const Pacing& pacing, const SendLimits& limits = {});

}  // namespace midiloop
