#pragma once
// midiloop(1), the manual page, in roff: made from the same data as 'midiloop --help' and every
// 'midiloop COMMAND --help' (help_page.hpp), so the two cannot disagree. Built into the package by
// the midiloop-man generator (man_page_main.cpp).
#include <string>

namespace midiloop {

// `date` goes on the page's title line (the build's date, or "" for none: reproducible builds).
std::string man_page(const std::string& date);

}  // namespace midiloop
