// One job of the service for one repository, run by `versiond serve-job` in
// a child process of versiond-serve: what `versiond scan` or `versiond apply`
// does (scan::run_scan, apply::run_apply). Never throws: whatever stops the
// job becomes its outcome and message.
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/daemon/job_report.hpp"
#include "versiond/policy/policy.hpp"
#include "versiond/store/advisories.hpp"
#include "versiond/store/records.hpp"

namespace versiond::daemon {

// The policy a job decides with: (policy file or "", configuration,
// repository) -> policy (the CLI's --policy / policy_file / default logic).
using PolicyLoader = std::function<policy::Policy(const std::string& file, const config::Config&,
                                                  const std::filesystem::path& repo)>;

// Loads the spec's configuration snapshot, prepares the work tree (a clone
// for a url repository) and runs the job; the result carries its traffic.
JobResult run_job(const JobSpec& spec, Clock& clock, const PolicyLoader& load_policy) noexcept;

// The exposures of `history` still open on a component of the latest
// observations, with how long each has lasted at `now`.
std::vector<OpenExposure> open_exposures(const std::vector<store::Exposure>& history,
                                         const std::vector<store::Observation>& observations,
                                         Clock::time_point now);

// Updates offered by the latest observations, and how long each component's
// newest update (by publish date) has been available at `now`.
UpdateSummary summarize_updates(const std::vector<store::Observation>& observations,
                                Clock::time_point now);

}  // namespace versiond::daemon
