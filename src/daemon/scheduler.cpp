#include "versiond/daemon/scheduler.hpp"

namespace versiond::daemon {

Scheduler::Scheduler(
    const std::vector<config::Schedule>& schedules, const std::vector<std::string>& repositories,
    const std::map<std::pair<std::string, std::string>, Clock::time_point>& last_slots,
    Clock::time_point now) {
  for (std::size_t i = 0; i < schedules.size(); ++i) {
    const auto& s = schedules[i];
    const std::string where = "schedules[" + std::to_string(i) + "]";
    const cron::Expression expression = cron::parse(s.cron, where + ".cron");
    const date::time_zone* tz = cron::zone(s.tz, where + ".tz");
    for (const auto& repo : repositories) {
      Entry e{s, expression, tz, repo, cron::next_after(expression, tz, now), false};
      const auto last = last_slots.find({s.name, repo});
      if (last != last_slots.end()) {
        const auto missed = cron::next_after(expression, tz, last->second);
        if (missed && *missed <= now) {
          e.next = now;  // once, now, however many slots passed
          e.catch_up = true;
        }
      }
      entries_.push_back(std::move(e));
    }
  }
}

std::vector<Due> Scheduler::take_due(Clock::time_point now) {
  std::vector<Due> due;
  for (auto& e : entries_) {
    if (!e.next || *e.next > now) continue;
    due.push_back(
        {e.schedule.name, e.schedule.job, e.repository, e.catch_up ? now : *e.next, e.catch_up});
    e.catch_up = false;
    // Past every slot up to now: slots that passed meanwhile are not run again.
    e.next = cron::next_after(e.expression, e.tz, now);
  }
  return due;
}

std::optional<Clock::time_point> Scheduler::next_wake() const {
  std::optional<Clock::time_point> wake;
  for (const auto& e : entries_) {
    if (e.next && (!wake || *e.next < *wake)) wake = e.next;
  }
  return wake;
}

std::map<std::string, std::optional<Clock::time_point>> Scheduler::next_runs() const {
  std::map<std::string, std::optional<Clock::time_point>> out;
  for (const auto& e : entries_) {
    auto& slot = out[e.schedule.name];
    if (e.next && (!slot || *e.next < *slot)) slot = e.next;
  }
  return out;
}

}  // namespace versiond::daemon
