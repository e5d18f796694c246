// One whole `versiond apply` run: scan (unless told not to), reconcile, plan
// issue, auto-PR branches, and the `versiond run failed` issue. The CLI's
// `versiond apply` and the service's `apply` job both call run_apply().
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "versiond/apply/apply.hpp"
#include "versiond/config/config.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/net/options.hpp"
#include "versiond/policy/policy.hpp"
#include "versiond/scan/scan.hpp"

namespace versiond::apply {

struct RunOptions {
  std::filesystem::path repo;        // the repository checkout
  std::filesystem::path config_dir;  // where relative token files are read from
  std::filesystem::path db;          // the repository's store
  bool dry_run = false;
  bool scan = true;  // false: act on the last recorded scan
  std::chrono::milliseconds write_interval{1000};
  Clock* clock = nullptr;  // required
  // The policy of the scan (called only when scanning; an Error it throws
  // fails the run like a failed scan).
  std::function<policy::Policy()> load_policy;
  std::shared_ptr<net::HttpObserver> http_observer;  // null: nobody
  // Ask GitHub for versiond's open PRs after the branches are synced (one more
  // GET; the service's metric). Otherwise known only when no branch is planned.
  bool count_open_pulls = false;
};

struct RunReport {
  ApplyResult result;
  // Why the run failed, one line per reason; nullopt when it succeeded.
  std::optional<std::string> failure;
  std::optional<scan::ScanReport> scan;  // when it scanned
  std::optional<int> plan_items;         // the plan's items, when a plan was built
  std::optional<int> open_pulls;         // versiond's open PRs after the run, when asked
};

// Throws Error(config) when forge.repository is not configured; everything
// else that goes wrong is in the report (and the `versiond run failed` issue).
RunReport run_apply(const config::Config& config, const RunOptions& options);

}  // namespace versiond::apply
