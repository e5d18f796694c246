#include "versiond/daemon/metrics.hpp"

#include <fmt/format.h>

#include <initializer_list>
#include <set>
#include <utility>

namespace versiond::daemon {

namespace {

double seconds_of(Clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::string escape(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

using Labels = std::initializer_list<std::pair<const char*, const std::string*>>;

std::string labels(Labels ls) {
  std::string out;
  for (const auto& [name, value] : ls) {
    out += (out.empty() ? "{" : ",") + std::string(name) + "=\"" + escape(*value) + "\"";
  }
  return out.empty() ? out : out + "}";
}

// Appends one family's header.
void family(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void sample(std::string& out, const char* name, Labels ls, double value) {
  out += fmt::format("{}{} {}\n", name, labels(ls), value);
}

}  // namespace

std::string status_class(long status) {
  if (status >= 200 && status < 600) return std::to_string(status / 100) + "xx";
  return "error";
}

Metrics::Metrics(std::string version, std::string commit)
    : version_(std::move(version)), commit_(std::move(commit)) {}

void Metrics::job_started(const std::string& job, const std::string& repository) {
  const std::lock_guard lock(mutex_);
  jobs_[{job, repository}].running = true;
}

void Metrics::job_finished(const std::string& job, const std::string& repository,
                           store::RunOutcome outcome, Clock::time_point finished, double seconds) {
  const std::lock_guard lock(mutex_);
  auto& s = jobs_[{job, repository}];
  s.running = false;
  s.runs[std::string(store::to_string(outcome))] += 1;
  s.last_run = seconds_of(finished);
  s.duration = seconds;
  if (outcome == store::RunOutcome::success) s.last_success = seconds_of(finished);
}

void Metrics::restore_run(const std::string& job, const std::string& repository, store::RunOutcome,
                          Clock::time_point finished, double seconds,
                          std::optional<Clock::time_point> last_success) {
  const std::lock_guard lock(mutex_);
  auto& s = jobs_[{job, repository}];
  s.last_run = seconds_of(finished);
  s.duration = seconds;
  if (last_success) s.last_success = seconds_of(*last_success);
}

void Metrics::set_next_run(const std::string& schedule, std::optional<Clock::time_point> at) {
  const std::lock_guard lock(mutex_);
  next_run_[schedule] = at ? std::optional<double>(seconds_of(*at)) : std::nullopt;
}

void Metrics::set_updates(const std::string& repository, const UpdateSummary& summary) {
  const std::lock_guard lock(mutex_);
  updates_[repository] = summary;
}

void Metrics::set_open_pull_requests(const std::string& repository, int n) {
  const std::lock_guard lock(mutex_);
  open_pulls_[repository] = n;
}

void Metrics::set_plan_items(const std::string& repository, int n) {
  const std::lock_guard lock(mutex_);
  plan_items_[repository] = n;
}

void Metrics::set_exposures(const std::string& repository, std::vector<OpenExposure> exposures) {
  const std::lock_guard lock(mutex_);
  exposures_[repository] = std::move(exposures);
}

void Metrics::add_traffic(const Traffic& traffic) {
  const std::lock_guard lock(mutex_);
  for (const auto& [key, n] : traffic.requests) requests_[key] += n;
  for (const auto& [host, n] : traffic.not_modified) not_modified_[host] += n;
  for (const auto& [host, n] : traffic.rate_limit_remaining) rate_limit_remaining_[host] = n;
  for (const auto& [source, n] : traffic.cache_hits) cache_hits_[source] += n;
}

std::string Metrics::render() const {
  const std::lock_guard lock(mutex_);
  std::string out;
  family(out, "versiond_build_info", "gauge", "The running versiond: version and git commit.");
  sample(out, "versiond_build_info", {{"version", &version_}, {"commit", &commit_}}, 1);

  family(
      out, "versiond_job_runs_total", "counter",
      "Job runs since the service started, by outcome (partial: some lookups or writes failed).");
  for (const auto& [key, s] : jobs_) {
    for (const auto& [outcome, n] : s.runs) {
      sample(out, "versiond_job_runs_total",
             {{"job", &key.first}, {"repository", &key.second}, {"outcome", &outcome}}, n);
    }
  }
  const auto per_job = [&](const char* name, const char* help, auto value) {
    family(out, name, "gauge", help);
    for (const auto& [key, s] : jobs_) {
      if (const std::optional<double> v = value(s)) {
        sample(out, name, {{"job", &key.first}, {"repository", &key.second}}, *v);
      }
    }
  };
  per_job("versiond_job_last_run_timestamp_seconds", "When the last run of the job ended.",
          [](const JobState& s) { return s.last_run; });
  per_job("versiond_job_last_success_timestamp_seconds",
          "When the last successful run of the job ended.",
          [](const JobState& s) { return s.last_success; });
  per_job("versiond_job_duration_seconds", "How long the last run of the job took.",
          [](const JobState& s) { return s.duration; });
  per_job("versiond_job_running", "1 while the job runs.",
          [](const JobState& s) { return std::optional<double>(s.running ? 1 : 0); });

  family(out, "versiond_schedule_next_run_timestamp_seconds", "gauge",
         "When the schedule next runs.");
  for (const auto& [schedule, at] : next_run_) {
    if (at)
      sample(out, "versiond_schedule_next_run_timestamp_seconds", {{"schedule", &schedule}}, *at);
  }

  family(out, "versiond_upstream_requests_total", "counter",
         "Upstream HTTP requests by host and status class (error: no answer).");
  for (const auto& [key, n] : requests_) {
    sample(out, "versiond_upstream_requests_total", {{"source", &key.first}, {"code", &key.second}},
           n);
  }
  const auto per_source = [&](const char* name, const char* type, const char* help,
                              const std::map<std::string, double>& values) {
    family(out, name, type, help);
    for (const auto& [source, n] : values) sample(out, name, {{"source", &source}}, n);
  };
  per_source("versiond_upstream_cache_hits_total", "counter",
             "Lookups answered from the store without a request (cache TTL), by datasource.",
             cache_hits_);
  per_source("versiond_upstream_not_modified_total", "counter",
             "Conditional requests answered 304 Not Modified, by host.", not_modified_);
  per_source("versiond_rate_limit_remaining", "gauge",
             "Requests left in the host's rate-limit window, as it last said.",
             rate_limit_remaining_);

  family(out, "versiond_updates", "gauge",
         "Updates the latest scan offers, by the policy's tier and action.");
  for (const auto& [repo, summary] : updates_) {
    for (const auto& [key, n] : summary.updates) {
      sample(out, "versiond_updates",
             {{"repository", &repo}, {"tier", &key.first}, {"action", &key.second}}, n);
    }
  }
  family(out, "versiond_component_behind_seconds", "gauge",
         "How long the newest update not taken has been available.");
  for (const auto& [repo, summary] : updates_) {
    for (const auto& b : summary.behind) {
      sample(out, "versiond_component_behind_seconds",
             {{"repository", &repo}, {"component", &b.component}, {"tier", &b.tier}}, b.seconds);
    }
  }
  family(out, "versiond_advisory_exposure_seconds", "gauge",
         "How long a security advisory has affected a component, at the end of the last scan "
         "(since the scan that first saw it).");
  for (const auto& [repo, list] : exposures_) {
    for (const auto& e : list) {
      sample(out, "versiond_advisory_exposure_seconds",
             {{"repository", &repo},
              {"component", &e.component},
              {"advisory", &e.advisory},
              {"severity", &e.severity}},
             e.seconds);
    }
  }
  family(out, "versiond_advisory_affected_components", "gauge",
         "Components of the last scan affected by at least one advisory of the severity.");
  for (const auto& [repo, list] : exposures_) {
    std::map<std::string, std::set<std::string>> components;  // severity -> components
    for (const auto& e : list) components[e.severity].insert(e.component);
    for (const auto& [severity, names] : components) {
      sample(out, "versiond_advisory_affected_components",
             {{"repository", &repo}, {"severity", &severity}}, static_cast<double>(names.size()));
    }
  }
  const auto per_repo = [&](const char* name, const char* help,
                            const std::map<std::string, int>& values) {
    family(out, name, "gauge", help);
    for (const auto& [repo, n] : values) sample(out, name, {{"repository", &repo}}, n);
  };
  per_repo("versiond_open_pull_requests", "versiond's open pull requests after the last apply.",
           open_pulls_);
  per_repo("versiond_plan_items", "Items of the Upgrade Plan of the last apply.", plan_items_);
  return out;
}

}  // namespace versiond::daemon
