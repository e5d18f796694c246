// A helper program run as a child process: `versiond-serve` runs every job
// (and every configuration load) this way, so the long-running process never
// maps libcurl, libgit2 or yaml-cpp (docs/SERVICE.md, "Processes").
//
// The child gets its own process group, default signal dispositions and an
// empty signal mask (the service blocks SIGTERM/SIGHUP in its threads), no
// descriptor but stdin, stdout (a pipe read here) and stderr (shared, for its
// log lines). stop() ends a run early: SIGTERM to the child's group, SIGKILL
// after the grace period.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace versiond::daemon {

struct ChildOutcome {
  bool started = false;  // false: could not be spawned (`error` says why)
  int exit_code = -1;    // the child's exit status; -1 when a signal ended it
  int signal = 0;        // the signal that ended it, 0 when it exited
  bool stopped = false;  // stop() was called while it ran
  std::string out;       // its standard output
  std::string error;
};

class ChildRunner {
 public:
  ChildRunner();
  ~ChildRunner();
  ChildRunner(const ChildRunner&) = delete;
  ChildRunner& operator=(const ChildRunner&) = delete;

  // Runs argv (argv[0] a path) to its end and answers how it ended; blocks.
  // Standard output beyond `max_output` bytes fails the run. Never throws.
  ChildOutcome run(const std::vector<std::string>& argv, std::chrono::milliseconds grace,
                   std::size_t max_output = std::size_t{16} << 20) noexcept;

  // From any thread: the current run, and every later one, ends at once
  // (SIGTERM, then SIGKILL after its grace period).
  void stop() noexcept;

 private:
  int wake_fd_ = -1;  // eventfd: stop() was called
};

}  // namespace versiond::daemon
