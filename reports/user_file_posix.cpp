#include "reports/user_file.hpp"
#include "reports/user_file_system.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <algorithm>
#include <utility>

namespace midiloop {

using namespace user_file_system;

namespace {

std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<std::string> real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
  return std::string(buffer);
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// The file a write to `path` lands in: a symlink's target, else the path itself.
std::string target_of(const OutputPath& output) {
  struct stat link {};
  if (::lstat(output.path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return output.path;
  const auto target = real_path(output.path);
  if (!target) {
    throw OutputPathError("the " + output.what + " path " + quoted(output.path) +
                          " is a link to nothing: give a path to a file");
  }
  return *target;
}

}  // namespace

// Its device and inode when it exists, else its folder's real path and its name.
std::string user_file_system::identity_of(const OutputPath& output) {
  const std::string target = target_of(output);
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      throw OutputPathError("the " + output.what + " path " + quoted(output.path) + " is " + kind_of(st.st_mode) +
                            ", not a file: midiloop writes only regular files. Give a file name.");
    }
    return "inode:" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  }
  const std::string folder = folder_of(target);
  struct stat dir {};
  if (::stat(folder.c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode)) {
    throw OutputPathError("cannot write the " + output.what + " " + quoted(output.path) + ": the folder " +
                          quoted(folder) + " does not exist. Create it or choose another path.");
  }
  const auto real_folder = real_path(folder);
  return "new:" + real_folder.value_or(folder) + "/" + name_of(target);
}

std::string user_file_system::folder_of_target(const OutputPath& output) { return folder_of(target_of(output)); }

std::optional<std::string> user_file_system::folder_refuses(const std::string& folder) {
  if (::access(folder.c_str(), W_OK) == 0) return std::nullopt;
  return std::string(std::strerror(errno));
}

std::vector<uint8_t> read_user_file(const std::string& path, const std::string& what, std::size_t largest) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) throw InputFileError("cannot read the " + what + " " + quoted(path) + ": " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw InputFileError("cannot read the " + what + " " + quoted(path) + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    throw InputFileError("the " + what + " " + quoted(path) + " is " + kind_of(st.st_mode) +
                         ", not a file: give the path of a file");
  }
  const auto too_large = [&] {
    return InputFileError("the " + what + " " + quoted(path) + " is larger than " + std::to_string(largest >> 20) +
                          " MB");
  };
  if (static_cast<uint64_t>(st.st_size) > largest) throw too_large();
  std::vector<uint8_t> bytes(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  // The size can change while we read: read until end of file, never past `largest`.
  for (;;) {
    if (done == bytes.size()) bytes.resize(std::min(largest + 1, std::max<std::size_t>(bytes.size() * 2, 4096)));
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputFileError("reading the " + what + " " + quoted(path) + " failed: " + std::strerror(errno));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
    if (done > largest) throw too_large();
  }
  bytes.resize(done);
  return bytes;
}

void write_file_atomically(const std::string& path, std::string_view content, const std::string& what) {
  const std::string target = target_of({path, what});
  auto refuse_unless_regular = [&] {
    struct stat st {};
    if (::lstat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
      throw OutputPathError("the " + what + " path " + quoted(path) + " is " + kind_of(st.st_mode) +
                            ", not a file: midiloop writes only regular files. Give a file name.");
    }
  };
  refuse_unless_regular();
  const std::string tmp = target + ".tmp." + std::to_string(::getpid());
  auto fail = [&](const std::string& step) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + what + " " + quoted(path) + ": " + step + ": " + reason);
  };
  // A temp file left by an earlier process with this pid is ours to replace; anything else there is not.
  struct stat old {};
  if (::lstat(tmp.c_str(), &old) == 0 && S_ISREG(old.st_mode)) ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create " + tmp);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      fail("write failed");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("fsync failed");
  }
  if (::close(fd) != 0) fail("close failed");
  try {
    refuse_unless_regular();  // it may have become something else while we wrote
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) fail("rename failed");
}

}  // namespace midiloop
