// Durations as policies write them: "14d", "12h", "2w", "30m".
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace versiond::policy {

// A positive whole number followed by one unit: m (minutes), h, d, w. nullopt otherwise.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace versiond::policy
