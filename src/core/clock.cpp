#include "versiond/core/clock.hpp"

#include <cstdio>
#include <string>
#include <thread>

namespace versiond {

Clock::time_point SystemClock::now() const { return std::chrono::system_clock::now(); }

void SystemClock::sleep_for(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

PinnedClock::PinnedClock(time_point start) : offset_(start - std::chrono::system_clock::now()) {}

Clock::time_point PinnedClock::now() const { return std::chrono::system_clock::now() + offset_; }

void PinnedClock::sleep_for(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

ManualClock::ManualClock(time_point start) : ticks_(start.time_since_epoch().count()) {}

Clock::time_point ManualClock::now() const {
  return time_point(std::chrono::system_clock::duration(ticks_.load()));
}

void ManualClock::sleep_for(std::chrono::milliseconds d) {
  slept_ms_ += d.count();
  advance(d);
}

void ManualClock::advance(std::chrono::system_clock::duration d) { ticks_ += d.count(); }

std::chrono::milliseconds ManualClock::slept() const {
  return std::chrono::milliseconds(slept_ms_.load());
}

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

std::optional<Clock::time_point> parse_time(std::string_view text) {
  int y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  int h = 0;
  int mi = 0;
  int s = 0;
  const std::string t(text);
  char tail = 0;
  int used = 0;
  if (t.size() == 10) {
    if (std::sscanf(t.c_str(), "%4d-%2u-%2u%n", &y, &mo, &d, &used) != 3 || used != 10) {
      return std::nullopt;
    }
  } else if (t.size() == 20) {
    if (std::sscanf(t.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d%c%n", &y, &mo, &d, &h, &mi, &s, &tail,
                    &used) != 7 ||
        tail != 'Z' || used != 20) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{mo},
                                        std::chrono::day{d}};
  if (!ymd.ok() || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || t[4] != '-' ||
      t[7] != '-') {
    return std::nullopt;
  }
  return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

}  // namespace versiond
