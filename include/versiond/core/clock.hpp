// Time, injectable: every date computation, retry backoff and rate-limit wait
// asks a Clock, so tests pin or advance time instead of sleeping, and
// `--now` pins "today" for a whole run.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string_view>

namespace versiond {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  // Wall-clock time (UTC).
  virtual time_point now() const = 0;
  // Blocks the calling thread for d (or advances a test clock by d).
  virtual void sleep_for(std::chrono::milliseconds d) = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  time_point now() const override;
  void sleep_for(std::chrono::milliseconds d) override;
};

// The real clock shifted so that it read `start` when it was made: `--now`
// pins the day a run computes dates against while waits stay real.
class PinnedClock final : public Clock {
 public:
  explicit PinnedClock(time_point start);
  time_point now() const override;
  void sleep_for(std::chrono::milliseconds d) override;

 private:
  std::chrono::system_clock::duration offset_;
};

// A clock that only moves when told to: sleep_for advances it at once.
// Thread-safe, for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(time_point start);
  time_point now() const override;
  void sleep_for(std::chrono::milliseconds d) override;
  void advance(std::chrono::system_clock::duration d);
  // Total time slept through sleep_for, for tests asserting backoff.
  std::chrono::milliseconds slept() const;

 private:
  std::atomic<std::chrono::system_clock::rep> ticks_;
  std::atomic<std::chrono::milliseconds::rep> slept_ms_{0};
};

// The process-wide real clock.
Clock& system_clock();

// "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ"; nullopt otherwise.
std::optional<Clock::time_point> parse_time(std::string_view text);

}  // namespace versiond
