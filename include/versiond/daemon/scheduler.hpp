// When each schedule's job is due, for each repository: pure bookkeeping over
// time points the caller passes (the service asks its Clock), so tests drive
// it with a ManualClock and no waiting.
//
// Missed slots: a schedule+repository whose last recorded run is older than a
// slot that has passed is due once at start-up (a catch-up), not once per
// missed slot. A slot that passes while a job runs is likewise run once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/core/cron.hpp"

namespace versiond::daemon {

struct Due {
  std::string schedule;
  config::JobKind job = config::JobKind::scan;
  std::string repository;  // label (config::Repository::label())
  Clock::time_point slot;  // the slot it runs for (start-up time for a catch-up)
  bool catch_up = false;
};

class Scheduler {
 public:
  // last_slots: (schedule, repository) -> the slot of its last recorded run.
  // Throws Error(config) for an invalid cron or time zone.
  Scheduler(const std::vector<config::Schedule>& schedules,
            const std::vector<std::string>& repositories,
            const std::map<std::pair<std::string, std::string>, Clock::time_point>& last_slots,
            Clock::time_point now);

  // The jobs due at `now`, each once, in schedule then repository order;
  // their next slots move past `now`.
  std::vector<Due> take_due(Clock::time_point now);
  // The earliest next slot; nullopt when no schedule has one.
  std::optional<Clock::time_point> next_wake() const;
  // Each schedule's next slot (the metric).
  std::map<std::string, std::optional<Clock::time_point>> next_runs() const;

 private:
  struct Entry {
    config::Schedule schedule;
    cron::Expression expression;
    const date::time_zone* tz = nullptr;
    std::string repository;
    std::optional<Clock::time_point> next;
    bool catch_up = false;
  };
  std::vector<Entry> entries_;
};

}  // namespace versiond::daemon
