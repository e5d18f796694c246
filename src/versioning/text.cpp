#include "versioning/text.hpp"

#include <algorithm>
#include <cstdio>

#include "versiond/core/error.hpp"

namespace versiond::versioning::detail {

bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) noexcept { return is_digit(c) || is_alpha(c); }
bool is_identifier_char(char c) noexcept { return is_alnum(c) || c == '-'; }

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) {
    return false;
  }
  for (const char c : s) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

bool looks_like_commit_hash(std::string_view s) noexcept {
  constexpr std::size_t min_length = 7;
  constexpr std::size_t max_length = 40;
  if (s.size() < min_length || s.size() > max_length || all_digits(s)) {
    return false;
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

std::string_view trim(std::string_view s) noexcept {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::optional<std::uint64_t> parse_number(std::string_view digits) noexcept {
  if (!all_digits(digits)) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (const char c : digits) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - d) / 10) {
      return std::nullopt;
    }
    value = value * 10 + d;
  }
  return value;
}

std::string_view strip_leading_zeros(std::string_view digits) noexcept {
  while (digits.size() > 1 && digits.front() == '0') {
    digits.remove_prefix(1);
  }
  return digits;
}

int compare_digit_runs(std::string_view a, std::string_view b) noexcept {
  a = strip_leading_zeros(a);
  b = strip_leading_zeros(b);
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  return sign(a.compare(b));
}

namespace {

// Removes a UTF-8 sequence cut short at the end of out.
void drop_partial_utf8(std::string& out) {
  std::size_t start = out.size();
  while (start > 0 && (static_cast<unsigned char>(out[start - 1]) & 0xC0) == 0x80) {
    --start;
  }
  if (start == 0) {
    return;
  }
  const auto lead = static_cast<unsigned char>(out[start - 1]);
  const std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (out.size() - (start - 1) < need) {
    out.resize(start - 1);
  }
}

}  // namespace

std::string shown(std::string_view value) {
  constexpr std::size_t limit = 80;
  std::string out;
  std::size_t count = 0;
  for (const char c : value) {
    if (count == limit) {
      drop_partial_utf8(out);
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", byte);
      out += buf;
    } else {
      out += c;
    }
    ++count;
  }
  return out;
}

void throw_invalid_version(std::string_view scheme, std::string_view value) {
  std::string msg = "invalid " + std::string(scheme) + " version '" + shown(value) + "'";
  const auto t = trim(value);
  if (!t.empty() && std::string_view("~^<>=!").find(t.front()) != std::string_view::npos) {
    msg += " (that is a constraint, not a version)";
  }
  throw Error(ErrorKind::usage, msg);
}

void throw_invalid_constraint(std::string_view scheme, std::string_view value,
                              std::string_view detail) {
  std::string msg = "invalid " + std::string(scheme) + " constraint '" + shown(value) + "'";
  if (!detail.empty()) {
    msg += ": ";
    msg += detail;
  }
  throw Error(ErrorKind::usage, msg);
}

}  // namespace versiond::versioning::detail
