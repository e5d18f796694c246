// The runs of `versiond serve`'s schedules (table job_runs, migration 9).
// Each run is recorded as `running` when it starts (committed at once) and
// settled when it ends, so a run cut short by a crash is visible afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/store/sqlite.hpp"

namespace versiond::store {

enum class RunOutcome {
  running,  // started, not settled (after a crash: interrupted)
  success,  // every lookup and write succeeded
  partial,  // the run completed but some lookups or forge writes failed
  failure,  // the run stopped with an error
};
std::string_view to_string(RunOutcome o) noexcept;
std::optional<RunOutcome> parse_run_outcome(std::string_view text) noexcept;

struct JobRun {
  std::int64_t id = 0;
  std::string schedule;
  std::string job;         // "scan" | "apply"
  std::string repository;  // the repository's label (path or URL)
  std::string slot;        // ISO 8601: the slot it ran for (the start-up time for a catch-up)
  std::string started_at;
  std::string finished_at;  // "" while running
  RunOutcome outcome = RunOutcome::running;
  std::int64_t duration_ms = 0;
  std::string message;  // why partial or failed, one line per reason
};

// Records a run as `running` and answers its id.
std::int64_t begin_job_run(Database& db, const JobRun& run);
// Settles a run.
void finish_job_run(Database& db, std::int64_t id, RunOutcome outcome,
                    const std::string& finished_at, std::int64_t duration_ms,
                    const std::string& message);
// Runs left `running` by a process that stopped without settling them become
// `failure` ("interrupted"); answers how many.
int settle_interrupted_runs(Database& db, const std::string& now);
// The newest run of each schedule+repository, by schedule then repository;
// with finished_only, the newest that is not running.
std::vector<JobRun> latest_job_runs(Database& db, bool finished_only = false);
// Every run, oldest first (tests, history).
std::vector<JobRun> all_job_runs(Database& db);

}  // namespace versiond::store
