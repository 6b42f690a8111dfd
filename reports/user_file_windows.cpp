#include <windows.h>

#include <algorithm>
#include <cwctype>
#include <filesystem>
#include <optional>
#include <utility>

#include "reports/user_file.hpp"
#include "reports/user_file_system.hpp"

namespace midiloop {

using namespace user_file_system;

namespace {

namespace fs = std::filesystem;

// The system's words for GetLastError(), without the line break Windows ends them with.
std::string system_reason(DWORD code = ::GetLastError()) {
  char* text = nullptr;
  const DWORD n = ::FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                       FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, code, 0, reinterpret_cast<char*>(&text), 0, nullptr);
  std::string reason = n > 0 && text != nullptr ? std::string(text, n) : "error " + std::to_string(code);
  if (text != nullptr) ::LocalFree(text);
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == '\r' || reason.back() == '.')) reason.pop_back();
  return reason;
}

class Handle {
 public:
  explicit Handle(HANDLE h) : h_(h) {}
  ~Handle() {
    if (valid()) ::CloseHandle(h_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  bool valid() const { return h_ != INVALID_HANDLE_VALUE; }
  HANDLE get() const { return h_; }

 private:
  HANDLE h_;
};

// Opens what is at `path` only to look at it: no read or write access, so a device (CON, NUL, COM1,
// which exist in every folder) or a pipe is not touched. Folders open too (backup semantics).
Handle open_to_inspect(const fs::path& path) {
  return Handle(::CreateFileW(path.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                              OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr));
}

// What an open handle is, when not a regular file: "" for a regular file.
std::string kind_of(HANDLE h) {
  switch (::GetFileType(h)) {
    case FILE_TYPE_DISK: break;
    case FILE_TYPE_CHAR: return "a device";
    case FILE_TYPE_PIPE: return "a named pipe";
    default: return "not a regular file";
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileInformationByHandle(h, &info) && (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    return "a folder";
  }
  return "";
}

std::string not_a_file(const OutputPath& output, const std::string& kind) {
  return "the " + output.what + " path " + quoted(output.path) + " is " + kind +
         ", not a file: midiloop writes only regular files. Give a file name.";
}

// The file a write to `path` lands in: a symlink's target, else the path itself.
fs::path target_of(const OutputPath& output) {
  std::error_code error;
  const fs::path path(output.path);
  if (!fs::is_symlink(path, error)) return path;
  const fs::path target = fs::canonical(path, error);
  if (error) {
    throw OutputPathError("the " + output.what + " path " + quoted(output.path) +
                          " is a link to nothing: give a path to a file");
  }
  return target;
}

// CON, PRN, AUX, NUL, COM1-9 and LPT1-9 name devices in every folder, with any extension too
// (con.json) up to Windows 10: a path ending in one is never a file midiloop may write or read.
bool device_name(const fs::path& path) {
  std::wstring stem = path.filename().wstring();
  stem = stem.substr(0, stem.find(L'.'));
  while (!stem.empty() && (stem.back() == L' ' || stem.back() == L':')) stem.pop_back();
  for (wchar_t& c : stem) c = static_cast<wchar_t>(std::towupper(c));
  if (stem == L"CON" || stem == L"PRN" || stem == L"AUX" || stem == L"NUL" || stem == L"CONIN$" || stem == L"CONOUT$") {
    return true;
  }
  return stem.size() == 4 && (stem.rfind(L"COM", 0) == 0 || stem.rfind(L"LPT", 0) == 0) && stem[3] >= L'1' &&
         stem[3] <= L'9';
}

// The folder's full path, "." and ".." resolved, as Windows resolves it when opening.
fs::path full_path(const fs::path& folder) {
  const DWORD n = ::GetFullPathNameW(folder.c_str(), 0, nullptr, nullptr);
  if (n == 0) return folder;
  std::wstring full(n, L'\0');
  const DWORD written = ::GetFullPathNameW(folder.c_str(), n, full.data(), nullptr);
  if (written == 0 || written >= n) return folder;
  full.resize(written);
  return full;
}

std::wstring lower(std::wstring text) {
  std::transform(text.begin(), text.end(), text.begin(), [](wchar_t c) { return std::towlower(c); });
  return text;
}

// The folder a file lands in: "." for a bare name.
fs::path folder_of(const fs::path& target) { return target.has_parent_path() ? target.parent_path() : fs::path("."); }

}  // namespace

// Its volume and file index when it exists, else its folder's full path and its name, in lower case
// (NTFS names are case-blind).
std::string user_file_system::identity_of(const OutputPath& output) {
  const fs::path target = target_of(output);
  if (device_name(target)) throw OutputPathError(not_a_file(output, "a device"));
  const Handle existing = open_to_inspect(target);
  if (existing.valid()) {
    if (const std::string kind = kind_of(existing.get()); !kind.empty()) throw OutputPathError(not_a_file(output, kind));
    BY_HANDLE_FILE_INFORMATION info{};
    if (::GetFileInformationByHandle(existing.get(), &info)) {
      return "file:" + std::to_string(info.dwVolumeSerialNumber) + ":" + std::to_string(info.nFileIndexHigh) + ":" +
             std::to_string(info.nFileIndexLow);
    }
  }
  const fs::path folder = folder_of(target);
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw OutputPathError("cannot write the " + output.what + " " + quoted(output.path) + ": the folder " +
                          quoted(folder.string()) + " does not exist. Create it or choose another path.");
  }
  return "new:" + fs::path(lower(full_path(folder).wstring()) + L"\\" + lower(target.filename().wstring())).string();
}

// Whether a file can be made in `folder`: by making one. Windows' access rights (ACLs) are not
// told by the read-only attribute that _access looks at.
std::optional<std::string> user_file_system::folder_refuses(const std::string& folder_name) {
  const fs::path folder(folder_name);
  const fs::path probe = folder / (".midiloop-probe." + std::to_string(::GetCurrentProcessId()));
  const Handle file(::CreateFileW(probe.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                  FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, nullptr));
  if (!file.valid()) return system_reason();
  return std::nullopt;
}

std::string user_file_system::folder_of_target(const OutputPath& output) { return folder_of(target_of(output)).string(); }

std::vector<uint8_t> read_user_file(const std::string& path, const std::string& what, std::size_t largest) {
  if (device_name(path)) {
    throw InputFileError("the " + what + " " + quoted(path) + " is a device, not a file: give the path of a file");
  }
  const Handle file(::CreateFileW(fs::path(path).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                  OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr));
  if (!file.valid()) throw InputFileError("cannot read the " + what + " " + quoted(path) + ": " + system_reason());
  if (const std::string kind = kind_of(file.get()); !kind.empty()) {
    throw InputFileError("the " + what + " " + quoted(path) + " is " + kind + ", not a file: give the path of a file");
  }
  const auto too_large = [&] {
    return InputFileError("the " + what + " " + quoted(path) + " is larger than " + std::to_string(largest >> 20) +
                          " MB");
  };
  LARGE_INTEGER size{};
  if (!::GetFileSizeEx(file.get(), &size)) {
    throw InputFileError("cannot read the " + what + " " + quoted(path) + ": " + system_reason());
  }
  if (static_cast<uint64_t>(size.QuadPart) > largest) throw too_large();
  std::vector<uint8_t> bytes(static_cast<std::size_t>(size.QuadPart));
  std::size_t done = 0;
  // The size can change while we read: read until end of file, never past `largest`.
  for (;;) {
    if (done == bytes.size()) bytes.resize(std::min(largest + 1, std::max<std::size_t>(bytes.size() * 2, 4096)));
    DWORD n = 0;
    const DWORD want = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - done, 1u << 30));
    if (!::ReadFile(file.get(), bytes.data() + done, want, &n, nullptr)) {
      throw InputFileError("reading the " + what + " " + quoted(path) + " failed: " + system_reason());
    }
    if (n == 0) break;
    done += n;
    if (done > largest) throw too_large();
  }
  bytes.resize(done);
  return bytes;
}

void write_file_atomically(const std::string& path, std::string_view content, const std::string& what) {
  const fs::path target = target_of({path, what});
  auto refuse_unless_regular = [&] {
    if (device_name(target)) throw OutputPathError(not_a_file({path, what}, "a device"));
    const Handle existing = open_to_inspect(target);
    if (!existing.valid()) return;
    if (const std::string kind = kind_of(existing.get()); !kind.empty()) {
      throw OutputPathError(not_a_file({path, what}, kind));
    }
  };
  refuse_unless_regular();
  const fs::path tmp = fs::path(target.wstring() + L".tmp." + std::to_wstring(::GetCurrentProcessId()));
  auto fail = [&](const std::string& step) {
    const std::string reason = system_reason();  // before DeleteFileW sets its own
    ::DeleteFileW(tmp.c_str());
    throw std::runtime_error("cannot write " + what + " " + quoted(path) + ": " + step + ": " + reason);
  };
  // A temp file left by an earlier process with this id is ours to replace; anything else there is not.
  {
    const Handle old = open_to_inspect(tmp);
    if (old.valid() && kind_of(old.get()).empty()) ::DeleteFileW(tmp.c_str());
  }
  // The step that failed, with the handle closed again so that the temp file can be deleted.
  const auto write_tmp = [&]() -> std::optional<std::string> {
    const Handle file(::CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!file.valid()) return "cannot create " + tmp.string();
    std::size_t done = 0;
    while (done < content.size()) {
      DWORD n = 0;
      const DWORD want = static_cast<DWORD>(std::min<std::size_t>(content.size() - done, 1u << 30));
      if (!::WriteFile(file.get(), content.data() + done, want, &n, nullptr)) return "write failed";
      done += n;
    }
    if (!::FlushFileBuffers(file.get())) return "flushing to disk failed";
    return std::nullopt;
  };
  if (const auto failed_step = write_tmp()) fail(*failed_step);
  try {
    refuse_unless_regular();  // it may have become something else while we wrote
  } catch (...) {
    ::DeleteFileW(tmp.c_str());
    throw;
  }
  // One rename that replaces the old file, flushed before it returns: a reader sees the old file
  // or the new one.
  if (!::MoveFileExW(tmp.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    fail("replacing it failed");
  }
}

}  // namespace midiloop
