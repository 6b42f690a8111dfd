// midiloop-man: writes midiloop(1) to stdout, at build time. The page's date is SOURCE_DATE_EPOCH's
// day when set (reproducible builds), else none.
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "tester/cli/man_page.hpp"

int main() {
  std::string date;
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    const std::time_t seconds = std::strtoll(epoch, nullptr, 10);
    char day[16];
    if (const std::tm* utc = std::gmtime(&seconds); utc && std::strftime(day, sizeof day, "%Y-%m-%d", utc)) date = day;
  }
  std::cout << midiloop::man_page(date);
  return std::cout.good() ? 0 : 1;
}
