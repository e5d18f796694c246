// `versiond serve`: runs the configured schedules' jobs for each repository,
// answers /healthz, /readyz and /metrics, stops on SIGTERM/SIGINT and reloads
// configuration and policy on SIGHUP (docs/SERVICE.md).
//
// Threads: the caller's runs the schedule loop; one job thread runs jobs one
// at a time (so jobs never overlap, per repository or at all); one thread
// takes the signals; cpp-httplib serves HTTP on its own. Nothing is thrown
// across a thread: a job's failure is its outcome.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "versiond/core/clock.hpp"
#include "versiond/daemon/jobs.hpp"

namespace versiond::daemon {

struct ServeOptions {
  std::filesystem::path repo;                        // the default repository (--repo)
  std::optional<std::filesystem::path> config_file;  // --config, else <repo>/versiond.yaml
  std::filesystem::path db;                          // the service's store (--db)
  Clock* clock = nullptr;                            // required
  PolicyLoader load_policy;                          // required
  std::string version;
  std::string commit;
  // How long a stop waits for the running job before leaving it (its store
  // writes are transactions: an unfinished one is rolled back).
  std::chrono::milliseconds stop_grace{3500};
};

// Runs until SIGTERM or SIGINT; answers the exit code (0). Throws Error for
// what stops it starting: the configuration, another instance on the store,
// the listen address.
int serve(const ServeOptions& options);

}  // namespace versiond::daemon
