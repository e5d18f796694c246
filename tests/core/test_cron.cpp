// Cron expressions in IANA time zones, daylight saving transitions included
// (Europe/London 2026: clocks go forward at 01:00 UTC on 29 March and back at
// 01:00 UTC on 25 October).
#include <catch2/catch.hpp>

#include "versiond/core/cron.hpp"
#include "versiond/core/error.hpp"

using namespace versiond;

namespace {

Clock::time_point at(const char* utc) {
  const auto t = parse_time(utc);
  REQUIRE(t);
  return *t;
}

std::string next(const std::string& expr, const std::string& tz, const char* after) {
  const auto t = cron::next_after(cron::parse(expr), cron::zone(tz), at(after));
  return t ? cron::format_local(cron::zone("UTC"), *t, "%Y-%m-%dT%H:%M:%SZ") : "none";
}

std::string error_of(const std::string& expr) {
  try {
    cron::parse(expr, "schedules[0].cron");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::config);
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("cron: a daily time in Europe/London follows the UTC offset of the day", "[core][cron]") {
  CHECK(next("0 6 * * *", "Europe/London", "2026-01-10T12:00:00Z") == "2026-01-11T06:00:00Z");
  CHECK(next("0 6 * * *", "Europe/London", "2026-07-10T12:00:00Z") == "2026-07-11T05:00:00Z");
  // Across the spring-forward night the next 06:00 is already BST.
  CHECK(next("0 6 * * *", "Europe/London", "2026-03-28T12:00:00Z") == "2026-03-29T05:00:00Z");
  CHECK(next("0 6 * * *", "UTC", "2026-03-28T12:00:00Z") == "2026-03-29T06:00:00Z");
}

TEST_CASE("cron: a local time skipped by spring-forward runs once, when the clocks jump",
          "[core][cron]") {
  // 01:30 does not exist in London on 29 March 2026 (01:00 GMT -> 02:00 BST).
  CHECK(next("30 1 * * *", "Europe/London", "2026-03-28T12:00:00Z") == "2026-03-29T01:00:00Z");
  CHECK(next("30 1 * * *", "Europe/London", "2026-03-29T01:00:00Z") == "2026-03-30T00:30:00Z");
  // Every 15 minutes through the gap: 00:45 GMT, then the jump (once), then 02:15 BST.
  CHECK(next("*/15 * * * *", "Europe/London", "2026-03-29T00:45:00Z") == "2026-03-29T01:00:00Z");
  CHECK(next("*/15 * * * *", "Europe/London", "2026-03-29T01:00:00Z") == "2026-03-29T01:15:00Z");
}

TEST_CASE("cron: a local time repeated by fall-back runs once, the first time", "[core][cron]") {
  // 01:30 happens twice in London on 25 October 2026: 00:30 UTC (BST) and 01:30 UTC (GMT).
  CHECK(next("30 1 * * *", "Europe/London", "2026-10-24T12:00:00Z") == "2026-10-25T00:30:00Z");
  CHECK(next("30 1 * * *", "Europe/London", "2026-10-25T00:30:00Z") == "2026-10-26T01:30:00Z");
  // Inside the repeated hour nothing of it runs a second time.
  CHECK(next("*/30 1 * * *", "Europe/London", "2026-10-25T00:30:00Z") == "2026-10-26T01:00:00Z");
}

TEST_CASE("cron: weekday and month names, ranges, steps and lists", "[core][cron]") {
  // 2026-12-07 is a Monday.
  CHECK(next("0 7 * * MON", "Europe/London", "2026-12-07T08:00:00Z") == "2026-12-14T07:00:00Z");
  CHECK(next("0 7 * * mon", "Europe/London", "2026-06-01T00:00:00Z") == "2026-06-01T06:00:00Z");
  CHECK(next("0 7 * * 1", "UTC", "2026-12-07T06:00:00Z") == "2026-12-07T07:00:00Z");
  CHECK(next("0 0 * * 7", "UTC", "2026-12-07T06:00:00Z") == "2026-12-13T00:00:00Z");  // Sunday
  CHECK(next("0 0 * * FRI-SAT", "UTC", "2026-12-07T06:00:00Z") == "2026-12-11T00:00:00Z");
  CHECK(next("0 0 * * SAT,SUN", "UTC", "2026-12-07T06:00:00Z") == "2026-12-12T00:00:00Z");
  CHECK(next("0 9 1 JUL *", "UTC", "2026-12-07T06:00:00Z") == "2027-07-01T09:00:00Z");
  const auto e = cron::parse("*/15 9-17/2 1,15 jan-mar MON-FRI");
  CHECK(e.minutes.count() == 4);
  CHECK((e.minutes[0] && e.minutes[15] && e.minutes[30] && e.minutes[45]));
  CHECK(e.hours.count() == 5);
  CHECK((e.hours[9] && e.hours[11] && e.hours[13] && e.hours[15] && e.hours[17]));
  CHECK(e.days_of_month.count() == 2);
  CHECK(e.months.count() == 3);
  CHECK(e.days_of_week.count() == 5);
  CHECK_FALSE(e.days_of_week[0]);
  const auto from = cron::parse("10/20 * * * *");  // 10, 30, 50
  CHECK(from.minutes.count() == 3);
  CHECK(from.minutes[50]);
  // Day-of-month and day-of-week both restricted: either matches (Vixie cron).
  CHECK(next("0 0 13 * FRI", "UTC", "2026-11-01T00:00:00Z") == "2026-11-06T00:00:00Z");
  CHECK(next("0 0 13 * FRI", "UTC", "2026-11-07T00:00:00Z") == "2026-11-13T00:00:00Z");
  CHECK(next("@daily", "UTC", "2026-11-07T00:00:00Z") == "2026-11-08T00:00:00Z");
  CHECK(next("0 0 30 2 *", "UTC", "2026-11-07T00:00:00Z") == "none");
}

TEST_CASE("cron: six fields add seconds for per-second schedules", "[core][cron]") {
  CHECK(next("* * * * * *", "UTC", "2026-12-07T10:00:00Z") == "2026-12-07T10:00:01Z");
  CHECK(next("*/5 * * * * *", "UTC", "2026-12-07T10:00:03Z") == "2026-12-07T10:00:05Z");
  const auto e = cron::parse("0 6 * * *");
  CHECK(e.seconds.count() == 1);
  CHECK(e.seconds[0]);
  // Strictly after: a time on the slot gives the next slot.
  CHECK(next("0 6 * * *", "UTC", "2026-12-07T06:00:00Z") == "2026-12-08T06:00:00Z");
}

TEST_CASE("cron: invalid expressions are rejected naming the field", "[core][cron]") {
  CHECK(error_of("0 6 * * FOO") ==
        "schedules[0].cron: day-of-week field: 'FOO' is not a value of 0-7 or SUN-SAT");
  CHECK(error_of("60 * * * *") == "schedules[0].cron: minute field: '60' is out of range 0-59");
  CHECK(error_of("0 24 * * *") == "schedules[0].cron: hour field: '24' is out of range 0-23");
  CHECK(error_of("0 0 0 * *") == "schedules[0].cron: day-of-month field: '0' is out of range 1-31");
  CHECK(error_of("0 0 * 13 *") ==
        "schedules[0].cron: month field: '13' is out of range 1-12 or JAN-DEC");
  CHECK(error_of("0 0 * JUNE *") ==
        "schedules[0].cron: month field: 'JUNE' is not a value of 1-12 or JAN-DEC");
  CHECK(error_of("5-1 * * * *") == "schedules[0].cron: minute field: range '5-1' runs backwards");
  CHECK(error_of("0 0 * * SAT-SUN") ==
        "schedules[0].cron: day-of-week field: range 'SAT-SUN' runs backwards");
  CHECK(error_of("*/0 * * * *") ==
        "schedules[0].cron: minute field: step '0' is not a number from 1 to 59");
  CHECK(error_of("1,,2 * * * *") ==
        "schedules[0].cron: minute field: '1,,2' has an empty list item");
  CHECK(error_of("61 * * * * *") == "schedules[0].cron: second field: '61' is out of range 0-59");
  CHECK(error_of("* * *").find("needs five fields") != std::string::npos);
  CHECK(error_of("@often").find("needs five fields") != std::string::npos);
}

TEST_CASE("cron: an unknown time zone is a configuration error", "[core][cron]") {
  CHECK_THROWS_WITH(cron::zone("Europe/Atlantis", "schedules[1].tz"),
                    "schedules[1].tz: unknown time zone 'Europe/Atlantis'");
  CHECK(cron::zone("Europe/London") != nullptr);
}

TEST_CASE("cron: local wall times format in their zone", "[core][cron]") {
  const auto london = cron::zone("Europe/London");
  CHECK(cron::format_local(london, at("2026-07-01T05:00:00Z"), "%a %Y-%m-%d %H:%M %Z") ==
        "Wed 2026-07-01 06:00 BST");
  CHECK(cron::local_to_utc(london, 2026, 1, 5, 2, 0) == at("2026-01-05T02:00:00Z"));
}
