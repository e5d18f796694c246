// The schedule bookkeeping of `versiond serve`, driven by a ManualClock: no
// test here waits for wall time.
#include <catch2/catch.hpp>

#include "versiond/core/error.hpp"
#include "versiond/daemon/scheduler.hpp"
#include "versiond/net/http.hpp"

using namespace versiond;
using namespace std::chrono_literals;
using daemon::Scheduler;

namespace {

Clock::time_point at(const char* utc) {
  const auto t = parse_time(utc);
  REQUIRE(t);
  return *t;
}

config::Schedule schedule(std::string name, config::JobKind job, std::string cron,
                          std::string tz = "Europe/London") {
  return {std::move(name), job, std::move(cron), std::move(tz)};
}

std::vector<std::string> names(const std::vector<daemon::Due>& due) {
  std::vector<std::string> out;
  for (const auto& d : due) {
    out.push_back(d.schedule + "@" + d.repository + "=" + net::format_utc(d.slot) +
                  (d.catch_up ? " catch-up" : ""));
  }
  return out;
}

}  // namespace

TEST_CASE("scheduler: each slot is due once per repository, in order", "[daemon][scheduler]") {
  ManualClock clock(at("2026-12-07T05:30:00Z"));
  Scheduler s({schedule("daily-scan", config::JobKind::scan, "0 6 * * *"),
               schedule("weekly-apply", config::JobKind::apply, "0 7 * * MON")},
              {"/srv/a", "/srv/b"}, {}, clock.now());
  CHECK(s.take_due(clock.now()).empty());  // nothing recorded: nothing to catch up
  CHECK(s.next_wake() == at("2026-12-07T06:00:00Z"));
  CHECK(s.next_runs().at("weekly-apply") == at("2026-12-07T07:00:00Z"));
  clock.advance(30min);
  CHECK(names(s.take_due(clock.now())) ==
        std::vector<std::string>{"daily-scan@/srv/a=2026-12-07T06:00:00Z",
                                 "daily-scan@/srv/b=2026-12-07T06:00:00Z"});
  CHECK(s.take_due(clock.now()).empty());  // taken: not due twice
  clock.advance(1h);
  CHECK(names(s.take_due(clock.now())).size() == 2);  // the Monday 07:00 apply
  CHECK(s.next_runs().at("daily-scan") == at("2026-12-08T06:00:00Z"));
  CHECK(s.next_runs().at("weekly-apply") == at("2026-12-14T07:00:00Z"));
}

TEST_CASE("scheduler: slots missed while stopped run once at start-up", "[daemon][scheduler]") {
  // Last run three days ago: three daily slots were missed.
  const std::map<std::pair<std::string, std::string>, Clock::time_point> last = {
      {{"daily-scan", "/srv/a"}, at("2026-12-04T06:00:00Z")},
      {{"daily-scan", "/srv/b"}, at("2026-12-07T06:00:00Z")}};
  const auto now = at("2026-12-07T09:15:00Z");
  Scheduler s({schedule("daily-scan", config::JobKind::scan, "0 6 * * *")}, {"/srv/a", "/srv/b"},
              last, now);
  CHECK(s.next_wake() == now);
  CHECK(names(s.take_due(now)) ==
        std::vector<std::string>{"daily-scan@/srv/a=2026-12-07T09:15:00Z catch-up"});
  // Once: then the regular slots.
  CHECK(s.take_due(now + 1h).empty());
  CHECK(s.next_wake() == at("2026-12-08T06:00:00Z"));
}

TEST_CASE("scheduler: slots passed during a long job are run once, not queued up",
          "[daemon][scheduler]") {
  ManualClock clock(at("2026-12-07T10:00:00Z"));
  Scheduler s({schedule("tick", config::JobKind::scan, "* * * * * *", "UTC")}, {"/r"}, {},
              clock.now());
  clock.advance(1s);
  CHECK(s.take_due(clock.now()).size() == 1);
  clock.advance(30s);  // a job took 30 s
  const auto due = s.take_due(clock.now());
  REQUIRE(due.size() == 1);
  CHECK(due[0].slot == at("2026-12-07T10:00:02Z"));  // the first slot it missed, once
  CHECK(s.next_wake() == at("2026-12-07T10:00:32Z"));
}

TEST_CASE("scheduler: a daily schedule across the London clock changes", "[daemon][scheduler]") {
  ManualClock clock(at("2026-03-28T12:00:00Z"));
  Scheduler s({schedule("early", config::JobKind::scan, "30 1 * * *")}, {"/r"}, {}, clock.now());
  CHECK(s.next_wake() == at("2026-03-29T01:00:00Z"));  // 01:30 does not exist: at the jump
  clock.advance(13h);
  CHECK(s.take_due(clock.now()).size() == 1);
  CHECK(s.next_wake() == at("2026-03-30T00:30:00Z"));  // 01:30 BST
}

TEST_CASE("scheduler: an invalid schedule is a configuration error", "[daemon][scheduler]") {
  CHECK_THROWS_WITH(Scheduler({schedule("x", config::JobKind::scan, "0 6 * * FOO")}, {"/r"}, {},
                              at("2026-12-07T00:00:00Z")),
                    "schedules[0].cron: day-of-week field: 'FOO' is not a value of 0-7 or "
                    "SUN-SAT");
}
