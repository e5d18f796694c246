// One job of the service for one repository: what `versiond scan` or
// `versiond apply` does, called in-process (scan::run_scan,
// apply::run_apply). Never throws: whatever stops the job becomes its
// outcome and message (the job thread must not throw).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/daemon/metrics.hpp"
#include "versiond/policy/policy.hpp"
#include "versiond/store/job_runs.hpp"
#include "versiond/store/records.hpp"

namespace versiond::daemon {

// The policy a job decides with, for a configuration and a repository
// (the CLI passes its --policy / policy_file / default logic).
using PolicyLoader =
    std::function<policy::Policy(const config::Config&, const std::filesystem::path& repo)>;

struct JobContext {
  const config::Config* config = nullptr;
  std::filesystem::path config_dir;  // relative token files
  std::filesystem::path repo;        // the work tree
  std::filesystem::path db;          // the repository's store
  Clock* clock = nullptr;
  std::shared_ptr<Metrics> metrics;  // the HTTP observer and cache hits
  PolicyLoader load_policy;
};

struct JobResult {
  store::RunOutcome outcome = store::RunOutcome::failure;
  std::string message;  // why partial or failed
  std::optional<UpdateSummary> updates;
  std::optional<int> plan_items;
  std::optional<int> open_pulls;
};

JobResult run_job(config::JobKind kind, const JobContext& context) noexcept;

// Updates offered by the latest observations, and how long each component's
// newest update (by publish date) has been available at `now`.
UpdateSummary summarize_updates(const std::vector<store::Observation>& observations,
                                Clock::time_point now);

}  // namespace versiond::daemon
