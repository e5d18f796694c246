#include "versiond/daemon/jobs.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "versiond/apply/run.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/daemon/checkout.hpp"
#include "versiond/daemon/metrics.hpp"
#include "versiond/extract/kinds.hpp"
#include "versiond/net/observer.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/advisories.hpp"
#include "versiond/store/dates.hpp"
#include "versiond/store/store.hpp"

namespace versiond::daemon {

namespace {

std::string metric_action(std::string action) {
  for (char& c : action) {
    if (c == '-') c = '_';  // "auto-pr" -> "auto_pr"
  }
  return action;
}

// Counts the job's upstream exchanges; the HTTP client calls it from its
// lookup threads.
class TrafficRecorder final : public net::HttpObserver {
 public:
  void on_response(const std::string& host, long status) noexcept override {
    record([&](Traffic& t) { t.requests[{host, status_class(status)}] += 1; });
  }
  void on_not_modified(const std::string& host) noexcept override {
    record([&](Traffic& t) { t.not_modified[host] += 1; });
  }
  void on_rate_limit_remaining(const std::string& host, long remaining) noexcept override {
    record([&](Traffic& t) { t.rate_limit_remaining[host] = static_cast<double>(remaining); });
  }
  Traffic take() {
    const std::lock_guard lock(mutex_);
    return traffic_;
  }

 private:
  template <class F>
  void record(F&& f) noexcept {
    try {
      const std::lock_guard lock(mutex_);
      f(traffic_);
    } catch (...) {  // a metric is never worth a failed request (allocation failure)
    }
  }
  std::mutex mutex_;
  Traffic traffic_;
};

struct JobContext {
  const config::Config* config = nullptr;
  std::filesystem::path config_dir;  // relative token files
  std::filesystem::path repo;        // the work tree
  std::filesystem::path db;          // the repository's store
  Clock* clock = nullptr;
  std::shared_ptr<TrafficRecorder> traffic;
  std::function<policy::Policy()> load_policy;
};

void count_cache_hits(const scan::ScanReport& report, Traffic& traffic) {
  for (const auto& c : report.components) {
    if (c.from_store) traffic.cache_hits[std::string(to_string(c.component.datasource))] += 1;
  }
}

// What the store says after a scan: the updates offered and the open
// advisory exposures, for the repository's gauges.
void read_latest(const std::filesystem::path& db, Clock::time_point now, JobResult& r) {
  store::Store s(db);
  const auto observations = s.latest_observations();
  r.updates = summarize_updates(observations, now);
  r.exposures = open_exposures(store::exposures(s.db()), observations, now);
}

JobResult scan_job(const JobContext& ctx) {
  scan::ScanOptions options;
  options.repo = ctx.repo;
  options.config_dir = ctx.config_dir;
  options.db = ctx.db;
  options.clock = ctx.clock;
  options.http_observer = ctx.traffic;
  const policy::Policy policy = ctx.load_policy();
  options.policy = &policy;
  const scan::ScanReport report = scan::run_scan(*ctx.config, options);
  JobResult r;
  count_cache_hits(report, r.traffic);
  r.outcome =
      report.exit_code() == exit_code::ok ? store::RunOutcome::success : store::RunOutcome::partial;
  if (r.outcome == store::RunOutcome::partial) {
    r.message = std::to_string(report.failed()) + " lookups failed";
    for (const auto& e : report.inventory_errors) r.message += "\n" + e;
  }
  read_latest(ctx.db, ctx.clock->now(), r);
  return r;
}

JobResult apply_job(const JobContext& ctx) {
  apply::RunOptions options;
  options.repo = ctx.repo;
  options.config_dir = ctx.config_dir;
  options.db = ctx.db;
  options.clock = ctx.clock;
  options.http_observer = ctx.traffic;
  options.count_open_pulls = true;
  options.load_policy = ctx.load_policy;
  const apply::RunReport report = apply::run_apply(*ctx.config, options);
  JobResult r;
  if (report.scan) count_cache_hits(*report.scan, r.traffic);
  r.plan_items = report.plan_items;
  r.open_pulls = report.open_pulls;
  const bool only_lookups = report.scan && report.scan->exit_code() != exit_code::ok &&
                            report.result.ok() && report.plan_items;
  r.outcome = !report.failure ? store::RunOutcome::success
              : only_lookups  ? store::RunOutcome::partial
                              : store::RunOutcome::failure;
  r.message = report.failure.value_or("");
  if (report.scan) read_latest(ctx.db, ctx.clock->now(), r);
  return r;
}

}  // namespace

JobResult run_job(const JobSpec& spec, Clock& clock, const PolicyLoader& load_policy) noexcept {
  auto traffic = std::make_shared<TrafficRecorder>();
  JobResult r;
  try {
    const std::filesystem::path repo = prepare_checkout(spec.repository, spec.state_dir);
    const config::Config config = config::load_config(repo, spec.config_file);
    JobContext ctx;
    ctx.config = &config;
    ctx.config_dir = spec.config_dir;
    ctx.repo = repo;
    ctx.db = spec.db;
    ctx.clock = &clock;
    ctx.traffic = traffic;
    ctx.load_policy = [&] { return load_policy(spec.policy_file.string(), config, repo); };
    r = spec.job == config::JobKind::scan ? scan_job(ctx) : apply_job(ctx);
  } catch (const std::exception& e) {
    r.outcome = store::RunOutcome::failure;
    r.message = e.what();
  } catch (...) {
    r.outcome = store::RunOutcome::failure;
    r.message = "unknown error";
  }
  try {
    const Traffic seen = traffic->take();
    for (const auto& [key, n] : seen.requests) r.traffic.requests[key] += n;
    r.traffic.not_modified = seen.not_modified;
    r.traffic.rate_limit_remaining = seen.rate_limit_remaining;
  } catch (...) {  // allocation failure: the job's result stands without its traffic
  }
  return r;
}

std::vector<OpenExposure> open_exposures(const std::vector<store::Exposure>& history,
                                         const std::vector<store::Observation>& observations,
                                         Clock::time_point now) {
  std::map<std::string, std::string> names;  // component key -> name
  for (const auto& o : observations) names[o.component_key] = o.name;
  std::vector<OpenExposure> out;
  for (const auto& e : history) {
    const auto name = names.find(e.component_key);
    if (!e.resolved_at.empty() || name == names.end()) continue;
    const auto first = store::parse_instant(e.first_seen_at);
    const double seconds = first ? std::chrono::duration<double>(now - *first).count() : 0;
    out.push_back({name->second, e.advisory_id, e.severity, seconds > 0 ? seconds : 0});
  }
  return out;
}

UpdateSummary summarize_updates(const std::vector<store::Observation>& observations,
                                Clock::time_point now) {
  UpdateSummary out;
  for (const auto& o : observations) {
    if (o.status != "ok" || o.updates.empty()) continue;
    const auto updates = nlohmann::json::parse(o.updates, nullptr, false);
    if (!updates.is_array()) continue;
    std::optional<std::chrono::sys_days> newest;
    std::string newest_tier;
    for (const auto& u : updates) {
      const std::string tier = u.value("tier", "");
      const std::string action = u.value("action", "");
      if (tier.empty() || action.empty()) continue;
      ++out.updates[{tier, metric_action(action)}];
      const auto published = store::parse_day(u.value("published", ""));
      if (published && (!newest || *published > *newest)) {
        newest = published;
        newest_tier = tier;
      }
    }
    if (newest) {
      const double behind = std::chrono::duration<double>(now - *newest).count();
      out.behind.push_back({o.name, newest_tier, behind > 0 ? behind : 0});
    }
  }
  return out;
}

}  // namespace versiond::daemon
