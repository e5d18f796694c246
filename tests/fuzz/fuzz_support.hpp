// Shared helpers of the libFuzzer targets in this folder.
//
// A target feeds the fuzz input to a parser's entry point. versiond::Error is
// the documented answer to bad input and is swallowed; any other exception
// escapes (libFuzzer reports it as a crash), and a broken property checked
// with FUZZ_CHECK traps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/core/error.hpp"

#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                                   \
    }                                                                                     \
  } while (false)

namespace versiond::fuzz {

// The fuzz input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits the first byte off: it chooses the parser of a grouped target.
struct Selected {
  unsigned choice = 0;
  std::string_view rest;
};
inline Selected select(const std::uint8_t* data, std::size_t size, unsigned choices) {
  if (size == 0) return {0, {}};
  return {static_cast<unsigned>(data[0]) % choices, as_text(data + 1, size - 1)};
}

// Runs f; a versiond::Error (rejected input) is an expected outcome.
// Returns whether f returned normally.
template <class F>
bool accepts(F&& f) {
  try {
    f();
    return true;
  } catch (const versiond::Error&) {
    return false;
  }
}

// Splits text at '\n' (every part, empty ones included).
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
}

}  // namespace versiond::fuzz
