#include "versiond/policy/glob.hpp"

#include <fnmatch.h>

#include <vector>

namespace versiond::policy {

namespace {

std::vector<std::string> segments(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto slash = s.find('/', start);
    out.emplace_back(s.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) {
      return out;
    }
    start = slash + 1;
  }
}

bool match_segments(const std::vector<std::string>& pat, std::size_t p,
                    const std::vector<std::string>& path, std::size_t i) {
  while (p < pat.size()) {
    if (pat[p] == "**") {
      // Zero or more whole segments: try every split, shortest first.
      for (std::size_t k = i; k <= path.size(); ++k) {
        if (match_segments(pat, p + 1, path, k)) {
          return true;
        }
      }
      return false;
    }
    if (i >= path.size() || fnmatch(pat[p].c_str(), path[i].c_str(), 0) != 0) {
      return false;
    }
    ++p;
    ++i;
  }
  return i == path.size();
}

}  // namespace

bool glob_match(const std::string& pattern, const std::string& text, bool fold_case) {
  return fnmatch(pattern.c_str(), text.c_str(), fold_case ? FNM_CASEFOLD : 0) == 0;
}

bool path_glob_match(std::string_view pattern, std::string_view path) {
  return match_segments(segments(pattern), 0, segments(path), 0);
}

std::string glob_problem(std::string_view pattern, bool path) {
  if (pattern.empty()) {
    return "empty glob";
  }
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size()) {
        return "glob '" + std::string(pattern) + "' ends with an escaping '\\'";
      }
      ++i;
    } else if (c == '[' && !in_class) {
      in_class = true;
      // "[]...]" and "[!]...]": a ']' right after the opening is literal.
      if (i + 1 < pattern.size() && (pattern[i + 1] == '!' || pattern[i + 1] == '^')) {
        ++i;
      }
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') {
        ++i;
      }
    } else if (c == ']' && in_class) {
      in_class = false;
    }
  }
  if (in_class) {
    return "glob '" + std::string(pattern) + "' has a '[' without its ']'";
  }
  if (path) {
    for (const auto& seg : segments(pattern)) {
      if (seg != "**" && seg.find("**") != std::string::npos) {
        return "glob '" + std::string(pattern) +
               "': '**' must be a whole path segment (as in 'a/**/b')";
      }
    }
  }
  return {};
}

}  // namespace versiond::policy
