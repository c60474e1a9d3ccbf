// Strings across the C++/JS boundary. C++ -> JS: pass `const char*` (UTF-8,
// NUL-terminated) and read it with UTF8ToString. JS -> C++: a --js-library
// function returns allocateUTF8(text) (malloc'ed, or 0 for "none"), and C++
// takes ownership here, once.
#pragma once

#include <optional>
#include <string>

namespace coflags::js {

// Copies and frees a string that JavaScript malloc'ed. Null stays null.
std::optional<std::string> adopt_string(char* utf8);

}  // namespace coflags::js
