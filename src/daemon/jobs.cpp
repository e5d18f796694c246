#include "versiond/daemon/jobs.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "versiond/apply/run.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/kinds.hpp"
#include "versiond/scan/scan.hpp"
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

void count_cache_hits(const scan::ScanReport& report, Metrics& metrics) {
  std::map<std::string, int> hits;
  for (const auto& c : report.components) {
    if (c.from_store) ++hits[std::string(to_string(c.component.datasource))];
  }
  for (const auto& [source, n] : hits) metrics.add_cache_hits(source, n);
}

UpdateSummary latest_updates(const std::filesystem::path& db, Clock::time_point now) {
  store::Store s(db);
  return summarize_updates(s.latest_observations(), now);
}

JobResult scan_job(const JobContext& ctx) {
  scan::ScanOptions options;
  options.repo = ctx.repo;
  options.config_dir = ctx.config_dir;
  options.db = ctx.db;
  options.clock = ctx.clock;
  options.http_observer = ctx.metrics;
  const policy::Policy policy = ctx.load_policy(*ctx.config, ctx.repo);
  options.policy = &policy;
  const scan::ScanReport report = scan::run_scan(*ctx.config, options);
  count_cache_hits(report, *ctx.metrics);
  JobResult r;
  r.outcome =
      report.exit_code() == exit_code::ok ? store::RunOutcome::success : store::RunOutcome::partial;
  if (r.outcome == store::RunOutcome::partial) {
    r.message = std::to_string(report.failed()) + " lookups failed";
    for (const auto& e : report.inventory_errors) r.message += "\n" + e;
  }
  r.updates = latest_updates(ctx.db, ctx.clock->now());
  return r;
}

JobResult apply_job(const JobContext& ctx) {
  apply::RunOptions options;
  options.repo = ctx.repo;
  options.config_dir = ctx.config_dir;
  options.db = ctx.db;
  options.clock = ctx.clock;
  options.http_observer = ctx.metrics;
  options.count_open_pulls = true;
  options.load_policy = [&] { return ctx.load_policy(*ctx.config, ctx.repo); };
  const apply::RunReport report = apply::run_apply(*ctx.config, options);
  if (report.scan) count_cache_hits(*report.scan, *ctx.metrics);
  JobResult r;
  r.plan_items = report.plan_items;
  r.open_pulls = report.open_pulls;
  const bool only_lookups = report.scan && report.scan->exit_code() != exit_code::ok &&
                            report.result.ok() && report.plan_items;
  r.outcome = !report.failure ? store::RunOutcome::success
              : only_lookups  ? store::RunOutcome::partial
                              : store::RunOutcome::failure;
  r.message = report.failure.value_or("");
  if (report.scan) r.updates = latest_updates(ctx.db, ctx.clock->now());
  return r;
}

}  // namespace

JobResult run_job(config::JobKind kind, const JobContext& ctx) noexcept {
  try {
    return kind == config::JobKind::scan ? scan_job(ctx) : apply_job(ctx);
  } catch (const std::exception& e) {
    JobResult r;
    r.outcome = store::RunOutcome::failure;
    r.message = e.what();
    return r;
  } catch (...) {
    JobResult r;
    r.outcome = store::RunOutcome::failure;
    r.message = "unknown error";
    return r;
  }
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
