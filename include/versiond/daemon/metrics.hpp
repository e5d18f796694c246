// The service's metrics, rendered in the Prometheus text format (0.0.4) for
// /metrics. Names and labels are a contract with dashboards and alerts
// (docs/SERVICE.md has the table): do not rename them. Thread-safe: the job
// thread and the HTTP server use it at once.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "versiond/core/clock.hpp"
#include "versiond/daemon/job_report.hpp"
#include "versiond/store/job_runs.hpp"

namespace versiond::daemon {

class Metrics {
 public:
  Metrics(std::string version, std::string commit);

  void job_started(const std::string& job, const std::string& repository);
  void job_finished(const std::string& job, const std::string& repository,
                    store::RunOutcome outcome, Clock::time_point finished, double seconds);
  // A run recorded before this process started (gauges only, no counter).
  void restore_run(const std::string& job, const std::string& repository, store::RunOutcome outcome,
                   Clock::time_point finished, double seconds,
                   std::optional<Clock::time_point> last_success);
  void set_next_run(const std::string& schedule, std::optional<Clock::time_point> at);
  void set_updates(const std::string& repository, const UpdateSummary& summary);
  // The open advisory exposures of the repository's latest scan.
  void set_exposures(const std::string& repository, std::vector<OpenExposure> exposures);
  void set_open_pull_requests(const std::string& repository, int n);
  void set_plan_items(const std::string& repository, int n);
  // A finished job's upstream requests, 304s, rate-limit budget and cache hits.
  void add_traffic(const Traffic& traffic);

  std::string render() const;

 private:
  using JobKey = std::pair<std::string, std::string>;  // job, repository
  struct JobState {
    std::map<std::string, double> runs;  // outcome -> count
    std::optional<double> last_run;
    std::optional<double> last_success;
    std::optional<double> duration;
    bool running = false;
  };
  mutable std::mutex mutex_;
  std::string version_;
  std::string commit_;
  std::map<JobKey, JobState> jobs_;
  std::map<std::string, std::optional<double>> next_run_;
  std::map<std::pair<std::string, std::string>, double> requests_;  // (source, code)
  std::map<std::string, double> cache_hits_;
  std::map<std::string, double> not_modified_;
  std::map<std::string, double> rate_limit_remaining_;
  std::map<std::string, UpdateSummary> updates_;
  std::map<std::string, std::vector<OpenExposure>> exposures_;
  std::map<std::string, int> open_pulls_;
  std::map<std::string, int> plan_items_;
};

// "2xx" … "5xx" for an HTTP status, "error" for 0 (no answer) or anything else.
std::string status_class(long status);

}  // namespace versiond::daemon
