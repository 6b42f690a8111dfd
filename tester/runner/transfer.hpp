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

// The messages of `messages` from message `first` on (1-based): where a send resumes after a
// failed attempt (docs/background.md §8). Throws TransferRefused naming `path` when the file has
// fewer messages than `first`.
MessageList messages_from(const MessageList& messages, std::size_t first, const std::string& path);

// One file of a send, as it will go out.
struct FileToSend {
  std::string path;
  std::size_t number = 1;         // among the files named, 1-based
  MessageList messages;           // what is sent of it
  std::size_t first_message = 1;  // the file's message number of messages[0]
  std::size_t file_messages = 0;  // messages in the whole file
  std::size_t first_byte = 0;     // the file's byte offset of messages[0]
};

// Where a send starts: at message `message` of file `file`, both 1-based. The files before it are
// checked like the rest but not sent.
struct StartPoint {
  std::size_t file = 1;
  std::size_t message = 1;
};

// The files named, each already checked (prepare_syx), in the order they go out from `start` on.
// Throws TransferRefused when `start` lies past the files or past its file's messages.
std::vector<FileToSend> files_to_send(std::vector<std::pair<std::string, SyxFile>> files, const StartPoint& start);

// Where to start again after `bytes_handed` bytes of `file`'s messages went to the host and the
// send stopped before its drain point: the last message any of those bytes belong to (handed is not
// delivered: a host drops what it still queues when the program ends), the first when none.
// `starts`: where each message sent of the file begins in what was sent (the engine has its bytes).
StartPoint resume_point(const FileToSend& file, const std::vector<uint32_t>& starts, uint64_t bytes_handed);

struct PacingRequest {
  std::optional<ReportFile> report;   // a report from 'midiloop run', as read_report_file read it
  std::optional<double> rate_bps;     // or explicit settings
  std::optional<uint32_t> chunk_bytes;
  std::optional<int64_t> message_gap_us;  // a pause after each F7, whatever the rest of the pacing says
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
