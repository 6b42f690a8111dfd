#pragma once
// Standard output and error as midiloop writes them: straight to the file descriptor, remembering
// the first write that failed, so a full disk or a closed pipe ends in a message and an exit code
// instead of output silently lost (std::cout only sets a bit nobody reads).
#include <cerrno>
#include <streambuf>

namespace midiloop {

class OutputChannel final : public std::streambuf {
 public:
  explicit OutputChannel(int fd) : fd_(fd) { setp(buffer_, buffer_ + sizeof buffer_); }
  ~OutputChannel() override { sync(); }
  OutputChannel(const OutputChannel&) = delete;
  OutputChannel& operator=(const OutputChannel&) = delete;

  // errno of the first write that failed; 0 while every write went through.
  int error() const { return error_; }
  // The reader went away (a pipe closed: 'midiloop run | head -1'): nobody sees what is written.
  bool closed() const { return error_ == EPIPE; }

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool flush_buffer();
  int fd_;
  int error_ = 0;
  char buffer_[4096];
};

}  // namespace midiloop
