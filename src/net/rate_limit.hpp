// Reading rate-limit signals from a response (GitHub primary and secondary
// limits, Retry-After on 403/429/503, Docker Hub 429s).
#pragma once

#include <chrono>
#include <optional>

#include "versiond/net/http.hpp"

namespace versiond::net::detail {

using Clock = std::chrono::system_clock;

// When the limit lifts, if the response says we are rate limited; nullopt otherwise.
std::optional<Clock::time_point> rate_limited_until(const Response& response,
                                                    Clock::time_point now);

}  // namespace versiond::net::detail
