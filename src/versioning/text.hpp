// Small string helpers shared by the version schemes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace versiond::versioning::detail {

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept;
bool is_alnum(char c) noexcept;
// [0-9A-Za-z-]: the characters of a SemVer pre-release or build identifier.
bool is_identifier_char(char c) noexcept;
bool all_digits(std::string_view s) noexcept;
// 7 to 40 lower-case hex digits, not all decimal: a git commit id (1a2b3c4),
// which docker and loose never read as a version (as in Renovate).
bool looks_like_commit_hash(std::string_view s) noexcept;

std::string_view trim(std::string_view s) noexcept;
std::vector<std::string_view> split(std::string_view s, char sep);
std::string lower(std::string_view s);

// Digits only, no overflow; nullopt otherwise.
std::optional<std::uint64_t> parse_number(std::string_view digits) noexcept;
// Compares two runs of decimal digits of any length by numeric value.
int compare_digit_runs(std::string_view a, std::string_view b) noexcept;
// A digit run without its leading zeros ("0" for zero).
std::string_view strip_leading_zeros(std::string_view digits) noexcept;

inline int sign(int v) noexcept { return (v > 0) - (v < 0); }
template <class T>
int three_way(const T& a, const T& b) noexcept {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// The value as it should appear inside quotes in a one-line error message:
// control characters escaped, very long values shortened.
std::string shown(std::string_view value);

// Throws Error(usage, "invalid <scheme> version 'value'").
[[noreturn]] void throw_invalid_version(std::string_view scheme, std::string_view value);
// Throws Error(usage, "invalid <scheme> constraint 'value'[: detail]").
[[noreturn]] void throw_invalid_constraint(std::string_view scheme, std::string_view value,
                                           std::string_view detail = {});

}  // namespace versiond::versioning::detail
