#include "versioning/numeric_version.hpp"

#include <algorithm>

#include "versioning/selection.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning::detail {

std::optional<std::vector<std::string>> parse_identifiers(std::string_view text, bool strict) {
  std::vector<std::string> ids;
  for (const auto part : split(text, '.')) {
    if (part.empty() || !std::all_of(part.begin(), part.end(), is_identifier_char)) {
      return std::nullopt;
    }
    if (strict && part.size() > 1 && part.front() == '0' && all_digits(part)) {
      return std::nullopt;
    }
    ids.emplace_back(part);
  }
  return ids;
}

std::optional<NumericVersion> parse_numeric(std::string_view text, const NumericRules& rules) {
  NumericVersion v;
  if (!parse_numeric_into(text, rules, v)) {
    return std::nullopt;
  }
  return v;
}

bool parse_numeric_into(std::string_view text, const NumericRules& rules, NumericVersion& v) {
  std::string_view s = text;
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) {
    s.remove_prefix(1);
  }
  v.segments.clear();
  v.pre.clear();
  v.build.clear();
  while (true) {
    std::size_t n = 0;
    while (n < s.size() && is_digit(s[n])) {
      ++n;
    }
    const auto digits = s.substr(0, n);
    if (digits.empty() || (rules.strict && digits.size() > 1 && digits.front() == '0')) {
      return false;
    }
    const auto value = parse_number(digits);
    if (!value) {
      return false;
    }
    v.segments.push_back(*value);
    s.remove_prefix(n);
    if (s.empty() || s.front() != '.') {
      break;
    }
    s.remove_prefix(1);  // a '.' must be followed by another number
  }
  if (v.segments.size() < rules.min_segments || v.segments.size() > rules.max_segments) {
    return false;
  }
  const auto build_at = s.find('+');
  auto pre_text = s.substr(0, build_at);
  if (!pre_text.empty()) {
    if (pre_text.front() != '-') {
      return false;
    }
    pre_text.remove_prefix(1);
    auto ids = parse_identifiers(pre_text, rules.strict_pre);
    if (!ids) {
      return false;
    }
    v.pre = std::move(*ids);
  }
  if (build_at != std::string_view::npos) {
    const auto build = s.substr(build_at + 1);
    if (!parse_identifiers(build, false)) {
      return false;
    }
    v.build.assign(build);
  }
  return true;
}

int compare_prerelease(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() != b.empty()) {
    return a.empty() ? 1 : -1;
  }
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const bool an = all_digits(a[i]);
    const bool bn = all_digits(b[i]);
    int c = 0;
    if (an && bn) {
      c = compare_digit_runs(a[i], b[i]);
    } else if (an != bn) {
      c = an ? -1 : 1;  // numeric identifiers rank below alphanumeric ones
    } else {
      c = sign(a[i].compare(b[i]));
    }
    if (c != 0) {
      return c;
    }
  }
  return three_way(a.size(), b.size());
}

int compare_numeric(const NumericVersion& a, const NumericVersion& b) {
  const std::size_t n = std::max(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (const int c = three_way(a.at(i), b.at(i)); c != 0) {
      return c;
    }
  }
  return compare_prerelease(a.pre, b.pre);
}

bool same_core(const NumericVersion& a, const NumericVersion& b) {
  const std::size_t n = std::max(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a.at(i) != b.at(i)) {
      return false;
    }
  }
  return true;
}

BumpInfo numeric_bump(const NumericVersion& from, const NumericVersion& to) {
  const std::size_t n = std::max(from.segments.size(), to.segments.size());
  if (const auto by_segments = segment_bump(from, to, n)) {
    return *by_segments;
  }
  if (compare_prerelease(from.pre, to.pre) != 0) {
    return {Bump::patch, false};
  }
  return {Bump::none, false};
}

}  // namespace versiond::versioning::detail
