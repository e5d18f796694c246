// `versiond serve`: runs the configured schedules' jobs for each repository,
// answers /healthz, /readyz and /metrics, stops on SIGTERM/SIGINT and reloads
// configuration and policy on SIGHUP (docs/SERVICE.md).
//
// This is the small long-running process (versiond-serve). It loads the
// configuration and runs each job through child processes of the full
// versiond binary (`versiond serve-config`, `versiond serve-job`), so what
// it maps while idle stays small and a job's memory goes back to the system
// when the job ends.
//
// Threads: the caller's runs the schedule loop; one job thread runs jobs one
// at a time (so jobs never overlap, per repository or at all); one thread
// takes the signals; cpp-httplib serves HTTP on its own. Nothing is thrown
// across a thread: a job's failure is its outcome.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "versiond/core/clock.hpp"

namespace versiond::daemon {

struct ServeOptions {
  std::filesystem::path versiond;                    // the full binary the children run
  std::vector<std::string> child_options;            // e.g. --log-format json, before the command
  std::filesystem::path repo;                        // the default repository (--repo)
  std::optional<std::filesystem::path> config_file;  // --config, else <repo>/versiond.yaml
  std::string policy;                                // --policy, "" when not given
  std::filesystem::path db;                          // the service's store (--db)
  Clock* clock = nullptr;                            // required
  std::string version;
  std::string commit;
  // How long a stop waits for the running job's child after SIGTERM before
  // SIGKILL (its store writes are transactions: an unfinished one rolls back).
  std::chrono::milliseconds stop_grace{3000};
};

// Runs until SIGTERM or SIGINT; answers the exit code (0). Throws Error for
// what stops it starting: the configuration, another instance on the store,
// the listen address.
int serve(const ServeOptions& options);

}  // namespace versiond::daemon
