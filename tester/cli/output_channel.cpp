#include "tester/cli/output_channel.hpp"

#include "tester/cli/platform.hpp"

namespace midiloop {

bool OutputChannel::flush_buffer() {
  const char* at = pbase();
  while (at < pptr()) {
    if (error_ != 0) break;  // once failed, the rest is dropped: it would fail the same way
    const long n = platform::write_some(fd_, at, static_cast<std::size_t>(pptr() - at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = errno;
      break;
    }
    at += n;
  }
  setp(buffer_, buffer_ + sizeof buffer_);
  return error_ == 0;
}

OutputChannel::int_type OutputChannel::overflow(int_type c) {
  if (!flush_buffer()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int OutputChannel::sync() { return flush_buffer() ? 0 : -1; }

}  // namespace midiloop
