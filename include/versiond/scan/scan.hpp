// The scan pipeline: inventory -> lookups -> decide -> record. The CLI's
// `versiond scan`, the service mode and the benchmarks all call run_scan().
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "versiond/advisory/evaluate.hpp"
#include "versiond/config/config.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/core/failure.hpp"
#include "versiond/core/files.hpp"
#include "versiond/extract/component.hpp"
#include "versiond/net/options.hpp"
#include "versiond/policy/decide.hpp"
#include "versiond/policy/engine.hpp"
#include "versiond/policy/eol.hpp"
#include "versiond/policy/policy.hpp"
#include "versiond/store/records.hpp"

namespace versiond::scan {

struct ScanOptions {
  std::filesystem::path repo = ".";
  // Directory relative credential files are read from (the configuration
  // file's folder; the repository when the defaults are used).
  std::filesystem::path config_dir;
  std::filesystem::path db;  // see default_db_path()
  bool offline = false;      // answer from the store only: no request, no write
  Clock* clock = nullptr;    // dates, waits and "today"; null: the system clock
  // The risk policy deciding each update; nullptr = the embedded default.
  const policy::Policy* policy = nullptr;
  bool explain = false;  // keep every candidate and step (versiond policy explain)
  // Told of every upstream exchange (the service's metrics); null: nobody.
  std::shared_ptr<net::HttpObserver> http_observer;
};

struct ComponentResult {
  Component component;
  std::string component_key;
  std::string package_key;
  std::string status;  // ok | failed | skipped
  std::string reason;  // why failed or skipped; for ok, a note ("" usually)
  policy::Decision decision;
  std::optional<long> release_age_days;  // days since latest_overall was published
  std::optional<policy::EolInfo> eol;    // when an endoflife join applies and answered
  std::string eol_problem;               // the endoflife lookup failed: why
  bool from_store = false;               // answered from stored releases (offline or TTL)
  std::optional<Failure> failure;        // status "failed": the kind and message
  bool deprecated = false;               // upstream marks the package deprecated (Helm)
  bool archived = false;                 // the upstream repository is archived (GitHub)
  std::string last_pushed;               // Docker Hub: when the repository was last pushed
  bool stale = false;                    // Docker Hub: no push for two years
  policy::Subject subject;               // what the policy saw (releases not kept)
  policy::Outcome outcome;               // the policy's updates, for status ok
  // Security advisories: status, the advisories affecting the current
  // version, the safe target (docs/ADVISORIES.md).
  advisory::Assessment advisory;
  // Which of those advisories a target (in the pin's terms) removes: handed
  // to the policy (security updates). Null without advisory data.
  std::function<std::vector<std::string>(const std::string& target)> advisory_fixed_by;
};

// Requests of the advisory step (docs/PERFORMANCE.md).
struct AdvisoryRequests {
  int querybatch = 0;          // POST /v1/querybatch
  int records = 0;             // GET /v1/vulns/{id}
  int records_from_store = 0;  // listed records reused from the store (same `modified`)
  int github = 0;              // repository-advisory listings asked
  // OCI charts' appVersions: configs read from registries (a manifest and a
  // blob request each), and answered by the store.
  int chart_configs = 0;
  int chart_configs_from_store = 0;
};

struct ScanReport {
  store::ScanSummary summary;  // id 0 when nothing was recorded (offline)
  std::vector<ComponentResult> components;
  std::vector<std::string> inventory_errors;  // "file:line: message"
  std::vector<std::string> advisory_errors;   // "advisory ID: field: message"
  AdvisoryRequests advisory_requests;
  net::HttpCounters counters;
  bool offline = false;
  std::chrono::system_clock::time_point now;

  int failed() const;     // components whose lookup failed, plus failed EOL lookups
  int affected() const;   // components a known advisory affects
  int exit_code() const;  // 0 completed, 3 some lookups failed or files unreadable
};

// <repo>/.versiond/versiond.db: inside the repository, never outside it
// (throws Error(usage) when .versiond is a link leading out of it).
std::filesystem::path default_db_path(const RepoRoot& repo);

// Runs one scan. Throws versiond::Error for configuration, repository and
// store problems; upstream failures are per-component values.
ScanReport run_scan(const config::Config& config, const ScanOptions& options);

}  // namespace versiond::scan
