#include "sources/semver_hint.hpp"

#include <cctype>

namespace versiond::sources {

bool has_semver_prerelease(std::string_view v) {
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
  std::size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    std::size_t start = i;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
    if (i == start) return false;
    if (part < 2) {
      if (i >= v.size() || v[i] != '.') return false;
      ++i;
    }
  }
  return i + 1 < v.size() && v[i] == '-';
}

}  // namespace versiond::sources
