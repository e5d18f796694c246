// The injectable clock and the shared per-item Failure value.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "versiond/core/clock.hpp"
#include "versiond/core/failure.hpp"

using namespace versiond;
using namespace std::chrono_literals;

namespace {

Clock::time_point day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

}  // namespace

TEST_CASE("parse_time reads a day or a UTC instant and nothing else", "[core][clock]") {
  CHECK(parse_time("2026-12-14") == day(2026, 12, 14));
  CHECK(parse_time("2026-12-14T06:30:05Z") == day(2026, 12, 14) + 6h + 30min + 5s);
  CHECK(parse_time("2024-02-29") == day(2024, 2, 29));
  for (const char* bad : {"", "2026-13-01", "2025-02-29", "2026-12-14T25:00:00Z",
                          "2026-12-14T06:30:05", "2026-12-14 06:30:05Z", "14/12/2026", "2026-12-1",
                          "2026-12-14T06:30:05+01:00", "tomorrow"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_time(bad));
  }
}

TEST_CASE("a manual clock moves only when told, and sleeping advances it at once",
          "[core][clock]") {
  ManualClock clock(day(2026, 1, 1));
  CHECK(clock.now() == day(2026, 1, 1));
  const auto wall = std::chrono::steady_clock::now();
  clock.sleep_for(std::chrono::milliseconds(3600 * 1000));
  CHECK(std::chrono::steady_clock::now() - wall < 1s);  // no real wait
  CHECK(clock.now() == day(2026, 1, 1) + 1h);
  CHECK(clock.slept() == 1h);
  clock.advance(24h);
  CHECK(clock.now() == day(2026, 1, 2) + 1h);
  CHECK(clock.slept() == 1h);  // advancing is not sleeping
}

TEST_CASE("a manual clock is safe to advance from several threads", "[core][clock]") {
  ManualClock clock(day(2026, 1, 1));
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.sleep_for(1ms);
    });
  }
  threads.clear();
  CHECK(clock.now() == day(2026, 1, 1) + 4s);
}

TEST_CASE("a pinned clock starts at the pinned instant and then runs", "[core][clock]") {
  PinnedClock clock(day(2020, 6, 1));
  const auto first = clock.now();
  CHECK(first >= day(2020, 6, 1));
  CHECK(first < day(2020, 6, 1) + 1min);
  CHECK(clock.now() >= first);
}

TEST_CASE("failure kinds have one name each, and parse back", "[core][failure]") {
  const std::vector<FailureKind> kinds = {FailureKind::not_found,    FailureKind::unauthorized,
                                          FailureKind::forbidden,    FailureKind::rate_limited,
                                          FailureKind::server_error, FailureKind::network,
                                          FailureKind::bad_response, FailureKind::timeout,
                                          FailureKind::unsupported,  FailureKind::offline};
  std::set<std::string_view> names;
  for (const auto kind : kinds) {
    const auto name = to_string(kind);
    CHECK(name != "?");
    CHECK(names.insert(name).second);
    CHECK(parse_failure_kind(name) == kind);
  }
  CHECK_FALSE(parse_failure_kind("network_error"));
  CHECK(Failure{FailureKind::forbidden, "HTTP 403 from x", "x"}.describe() ==
        "forbidden: HTTP 403 from x");
}
