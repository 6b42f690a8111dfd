#include <sys/utsname.h>

#include <ctime>

#include "tester/runner/host.hpp"

namespace midiloop {

std::string host_os() {
  utsname host{};
  if (uname(&host) != 0) return "";
  return std::string(host.sysname) + " " + host.release;
}

bool utc_calendar(std::time_t time, std::tm& out) { return gmtime_r(&time, &out) != nullptr; }

}  // namespace midiloop
