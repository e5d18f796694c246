// Calendar arithmetic on the ISO 8601 strings the store keeps
// ("2026-11-29", "2026-11-29T22:00:00Z", "2026-11-29T22:00:00.123+01:00").
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace versiond::store {

// The calendar day of an ISO 8601 date or date-time (the date part as
// written; offsets are not applied), nullopt when it does not start with YYYY-MM-DD.
std::optional<std::chrono::sys_days> parse_day(std::string_view iso);

// Whole days from the day of `iso` to the day of `now`; nullopt when iso is unparsable.
std::optional<long> days_since(std::string_view iso, std::chrono::system_clock::time_point now);

// The instant of a "YYYY-MM-DDTHH:MM:SSZ" timestamp (as the store writes them).
std::optional<std::chrono::system_clock::time_point> parse_instant(std::string_view iso);

}  // namespace versiond::store
