// What crosses the process boundary between `versiond-serve` and the
// `versiond serve-config` / `versiond serve-job` children it runs: plain
// values and their JSON forms (one object on the child's standard output).
// A child that fails before it can answer prints {"error": "..."}.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/store/job_runs.hpp"

namespace versiond::daemon {

// What the latest scan of a repository says (from its store).
struct UpdateSummary {
  // (tier, action) -> updates offered, e.g. ("medium", "plan") -> 3.
  std::map<std::pair<std::string, std::string>, int> updates;
  struct Behind {
    std::string component;
    std::string tier;
    double seconds = 0;
  };
  std::vector<Behind> behind;
};

// An advisory that affects a component in the latest scan, and for how long
// it has (since the scan that first saw it), at the job's end.
struct OpenExposure {
  std::string component;
  std::string advisory;
  std::string severity;  // critical, high, medium, low, unknown
  double seconds = 0;
};

// The upstream traffic of one job, for /metrics.
struct Traffic {
  std::map<std::pair<std::string, std::string>, double> requests;  // (host, status class)
  std::map<std::string, double> not_modified;                      // host -> 304s
  std::map<std::string, double> rate_limit_remaining;              // host -> last value seen
  std::map<std::string, double> cache_hits;  // datasource -> lookups answered from the store
};

struct JobResult {
  store::RunOutcome outcome = store::RunOutcome::failure;
  std::string message;  // why partial or failed
  std::optional<UpdateSummary> updates;
  std::optional<std::vector<OpenExposure>> exposures;  // with updates: after a scan
  std::optional<int> plan_items;
  std::optional<int> open_pulls;
  Traffic traffic;
};

// One job for `versiond serve-job`.
struct JobSpec {
  config::JobKind job = config::JobKind::scan;
  config::Repository repository;
  std::filesystem::path state_dir;    // clones of url repositories
  std::filesystem::path config_file;  // the validated snapshot
  std::filesystem::path config_dir;   // relative token files resolve here
  std::filesystem::path db;           // the repository's store
  std::filesystem::path policy_file;  // the validated snapshot; empty: the embedded default
};

// What `versiond serve-config` validated, with the snapshots jobs read.
struct ServiceConfig {
  std::string listen;
  std::vector<config::Schedule> schedules;
  std::vector<config::Repository> repositories;  // at least one
  std::filesystem::path config_file;             // snapshot
  std::filesystem::path config_dir;
  std::map<std::string, std::filesystem::path> policies;  // repository label -> snapshot
};

std::string to_json(const JobResult& result);
std::string to_json(const JobSpec& spec);
std::string to_json(const ServiceConfig& config);
std::string error_json(std::string_view message);

// Each throws Error(internal) naming the field for text that is not the
// JSON its to_json writes, and Error(usage) with the child's message for an
// {"error": ...} answer.
JobResult parse_job_result(std::string_view text);
JobSpec parse_job_spec(std::string_view text);
ServiceConfig parse_service_config(std::string_view text);

}  // namespace versiond::daemon
