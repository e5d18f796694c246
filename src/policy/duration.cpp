#include "versiond/policy/duration.hpp"

#include <charconv>

namespace versiond::policy {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.size() < 2) {
    return std::nullopt;
  }
  long long n = 0;
  const auto digits = text.substr(0, text.size() - 1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0 ||
      n > 100LL * 365 * 24 * 60) {
    return std::nullopt;
  }
  long long unit = 0;
  switch (text.back()) {
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7LL * 86400; break;
    default: return std::nullopt;
  }
  const auto seconds = std::chrono::seconds(n * unit);
  if (seconds > std::chrono::hours(24 * 365 * 100)) {
    return std::nullopt;
  }
  return seconds;
}

}  // namespace versiond::policy
