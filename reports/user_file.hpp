#pragma once
// Files midiloop reads and writes because the user named them (.syx files, reports, HTML pages).
// Reading never blocks and takes only regular files of a bounded size. Every output path is checked
// before anything is written, and a file is only ever replaced whole, by a regular file: never a
// device, a FIFO or a directory, never half-written, never two outputs on one file.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace midiloop {

// A named file that cannot be read: missing, unreadable, not a regular file, too large. The message
// names the path and why.
class InputFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The whole of `path`, at most `largest` bytes. Opened without blocking (a FIFO would wait for a
// writer forever) and refused unless it is a regular file; `what` names it in messages (".syx file").
std::vector<uint8_t> read_user_file(const std::string& path, const std::string& what, std::size_t largest);

// An output path that cannot be used; the message names the path, why, and what to do.
class OutputPathError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OutputPath {
  std::string path;
  std::string what;  // "report", "HTML report": names it in messages
};

// Refuses, before anything is written: an empty path; an existing path that is not a regular file
// (a device such as /dev/null, a FIFO, a directory, a socket); a folder that does not exist or
// cannot be written; and two outputs that are one file by any spelling (./a.json and a.json, a
// symlink and its target, a file that does not exist yet named twice); and an output that is one of
// `inputs`, the files the output is made from.
void check_output_paths(const std::vector<OutputPath>& outputs, const std::vector<OutputPath>& inputs = {});

// Writes `content` to a new file beside `path` (created exclusively, flushed to disk), then renames
// it over `path`: a reader sees the old file or the new one, never part of either. A symlink is
// followed, so the file it points to is replaced and the link stays. Refuses (OutputPathError) a
// path that is not a regular file by the time of the rename. Throws std::runtime_error naming the
// path and the system's reason when the disk refuses.
void write_file_atomically(const std::string& path, std::string_view content, const std::string& what);

}  // namespace midiloop
