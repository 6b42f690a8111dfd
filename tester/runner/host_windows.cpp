#include <windows.h>

#include <ctime>

#include "tester/runner/host.hpp"

namespace midiloop {

// GetVersionEx answers 6.2 (Windows 8) to any program without a compatibility manifest; ntdll's
// RtlGetVersion answers the real version.
std::string host_os() {
  using RtlGetVersion = LONG(WINAPI*)(OSVERSIONINFOW*);
  const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  if (ntdll == nullptr) return "Windows";
  // Through void(*)(), the one function pointer type GCC lets any other be cast from silently.
  const auto get_version = reinterpret_cast<RtlGetVersion>(
      reinterpret_cast<void (*)()>(::GetProcAddress(ntdll, "RtlGetVersion")));
  OSVERSIONINFOW info{};
  info.dwOSVersionInfoSize = sizeof info;
  if (get_version == nullptr || get_version(&info) != 0) return "Windows";
  return "Windows " + std::to_string(info.dwMajorVersion) + "." + std::to_string(info.dwMinorVersion) + "." +
         std::to_string(info.dwBuildNumber);
}

bool utc_calendar(std::time_t time, std::tm& out) { return gmtime_s(&out, &time) == 0; }

}  // namespace midiloop
