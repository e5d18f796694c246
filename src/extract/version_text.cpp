#include "extract/version_text.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace versiond::extract {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool starts_like_version(std::string_view s) {
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) {
    s.remove_prefix(1);
  }
  return !s.empty() && std::isdigit(static_cast<unsigned char>(s.front())) != 0;
}

}  // namespace

bool is_constraint(std::string_view v) {
  return !v.empty() && (v.front() == '~' || v.front() == '>' || v.front() == '<' ||
                        v.front() == '=' || v.front() == '!' || v.front() == '^');
}

bool is_strict_semver(std::string_view v) {
  static const std::regex re(
      R"(^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$)");
  return std::regex_match(v.begin(), v.end(), re);
}

std::pair<SkipReason, std::string> skip_reason_for(std::string_view v) {
  const std::string l = lower(v);
  if (l.empty() || l == "-" || l == "\xe2\x80\x94" || l == "n/a" || l == "tbd" || l == "none") {
    return {SkipReason::no_version, ""};
  }
  if (l == "latest") {
    return {SkipReason::latest, ""};
  }
  if (l == "stable" || l == "edge" || l == "main" || l == "master" || l == "nightly") {
    return {SkipReason::floating_tag, "floating tag: " + std::string(v)};
  }
  if (l.rfind("sha256:", 0) == 0) {
    const bool truncated = l.find("...") != std::string::npos ||
                           l.find("\xe2\x80\xa6") != std::string::npos || l.size() < 7 + 64;
    return {SkipReason::digest, truncated ? "truncated digest" : ""};
  }
  const bool spaced = l.find_first_of(" \t\n") != std::string::npos;
  if (!has_digit(l) || (spaced && !is_constraint(l) && !starts_like_version(l))) {
    return {SkipReason::not_a_version, "not a version: " + std::string(v)};
  }
  return {SkipReason::none, ""};
}

}  // namespace versiond::extract
