// Cron expressions evaluated in an IANA time zone: the one recurrence module
// of versiond (the service's schedules and the Upgrade Plan's window).
//
// Syntax: five fields "minute hour day-of-month month day-of-week", or six with
// a leading seconds field (used by tests for per-second schedules). Each field
// is `*` or a comma list of `N`, `A-B`, `*/S`, `A-B/S`, `N/S`; months take
// JAN-DEC, weekdays SUN-SAT (0 and 7 are Sunday), case-insensitive. As in
// Vixie cron, when both day-of-month and day-of-week are restricted a day
// matching either one matches. Macros: @hourly @daily @weekly @monthly @yearly.
//
// Time zones come from the system tzdata (Debian's libhowardhinnant-date,
// date/tz.h with USE_OS_TZDB). Daylight saving time:
// - a local time skipped by a spring-forward (01:30 in Europe/London on the
//   last Sunday of March) runs at the moment the clocks jump (01:00 UTC);
// - a local time that occurs twice at a fall-back runs once, the first time.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>

#include "versiond/core/clock.hpp"

namespace date {
class time_zone;
}

namespace versiond::cron {

struct Expression {
  std::bitset<60> seconds;
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;  // 1..31
  std::bitset<13> months;         // 1..12
  std::bitset<7> days_of_week;    // 0 = Sunday
  bool dom_restricted = false;    // the field was not `*`
  bool dow_restricted = false;
  std::string text;  // as written
};

// Parses an expression. Throws Error(config) naming `what` (e.g. "window.cron"),
// the field and the offending part: "schedules[0].cron: day-of-week field:
// 'FOO' is not a weekday (0-7 or SUN-SAT)".
Expression parse(std::string_view text, const std::string& what = "cron");

// A time zone of the system tzdata ("UTC", "Europe/London"). Throws
// Error(config) "<what>: unknown time zone 'X'".
const date::time_zone* zone(const std::string& name, const std::string& what = "tz");

// The first time strictly after `after` the expression matches in `tz`;
// nullopt when none within five years (e.g. "0 0 30 2 *").
std::optional<Clock::time_point> next_after(const Expression& e, const date::time_zone* tz,
                                            Clock::time_point after);

// Whether a local calendar day matches the day fields (month, day-of-month,
// day-of-week with cron's either-or rule).
bool day_matches(const Expression& e, int year, unsigned month, unsigned day);

// The UTC instant of a local wall time in `tz` under the rules above
// (skipped: the jump; repeated: the first).
Clock::time_point local_to_utc(const date::time_zone* tz, int year, unsigned month, unsigned day,
                               int hour, int minute, int second = 0);

// strftime-like formatting of `t` in `tz` (date::format: %a %Y-%m-%d %H:%M %Z).
std::string format_local(const date::time_zone* tz, Clock::time_point t, const char* fmt);

}  // namespace versiond::cron
