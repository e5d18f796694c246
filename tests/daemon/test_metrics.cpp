// The Prometheus exposition of `versiond serve` (promtool checks it).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "versiond/daemon/jobs.hpp"
#include "versiond/daemon/metrics.hpp"

using namespace versiond;
using daemon::Metrics;

namespace {

Clock::time_point at(const char* utc) {
  const auto t = parse_time(utc);
  REQUIRE(t);
  return *t;
}

// A service's metrics after some runs and requests.
void fill(Metrics& m) {
  m.job_started("scan", "/srv/infra");
  m.job_finished("scan", "/srv/infra", store::RunOutcome::success, at("2026-12-07T06:00:02Z"), 2.5);
  m.job_started("scan", "/srv/infra");
  m.job_finished("scan", "/srv/infra", store::RunOutcome::partial, at("2026-12-08T06:00:03Z"), 3);
  m.job_started("apply", "https://github.com/org/env.git");
  m.set_next_run("daily-scan", at("2026-12-09T06:00:00Z"));
  m.set_next_run("none", std::nullopt);
  daemon::Traffic first;  // two jobs' traffic: counters add up, the budget is the last seen
  first.requests[{"api.github.com", "2xx"}] = 1;
  first.rate_limit_remaining["api.github.com"] = 4999;
  first.cache_hits["helm"] = 1;
  m.add_traffic(first);
  daemon::Traffic second;
  second.requests[{"api.github.com", "2xx"}] = 1;
  second.requests[{"api.github.com", "4xx"}] = 1;
  second.requests[{"registry.terraform.io", "error"}] = 1;
  second.not_modified["api.github.com"] = 1;
  second.rate_limit_remaining["api.github.com"] = 4998;
  second.cache_hits["helm"] = 1;
  m.add_traffic(second);
  daemon::UpdateSummary u;
  u.updates[{"medium", "plan"}] = 3;
  u.updates[{"low", "auto_pr"}] = 1;
  u.behind.push_back({"traefik \"edge\"", "medium", 86400});
  m.set_updates("/srv/infra", u);
  m.set_exposures("/srv/infra", {{"ingress-nginx", "GHSA-mgvx-rpfc-9mpv", "critical", 172800},
                                 {"ingress-nginx", "GHSA-vcfm-2f6w-hq2x", "high", 86400},
                                 {"jenkins", "GHSA-xxxx-jenkins", "high", 3600}});
  m.set_open_pull_requests("/srv/infra", 2);
  m.set_plan_items("/srv/infra", 4);
}

}  // namespace

TEST_CASE("metrics: the exposition carries every contracted series", "[daemon][metrics]") {
  Metrics m("0.1.0", "abc123def456");
  fill(m);
  const std::string text = m.render();
  for (
      const char* line : {
          R"(versiond_build_info{version="0.1.0",commit="abc123def456"} 1)",
          R"(versiond_job_runs_total{job="scan",repository="/srv/infra",outcome="success"} 1)",
          R"(versiond_job_runs_total{job="scan",repository="/srv/infra",outcome="partial"} 1)",
          R"(versiond_job_last_run_timestamp_seconds{job="scan",repository="/srv/infra"} 1796709603)",
          R"(versiond_job_last_success_timestamp_seconds{job="scan",repository="/srv/infra"} 1796623202)",
          R"(versiond_job_duration_seconds{job="scan",repository="/srv/infra"} 3)",
          R"(versiond_job_running{job="scan",repository="/srv/infra"} 0)",
          R"(versiond_job_running{job="apply",repository="https://github.com/org/env.git"} 1)",
          R"(versiond_schedule_next_run_timestamp_seconds{schedule="daily-scan"} 1796796000)",
          R"(versiond_upstream_requests_total{source="api.github.com",code="2xx"} 2)",
          R"(versiond_upstream_requests_total{source="api.github.com",code="4xx"} 1)",
          R"(versiond_upstream_requests_total{source="registry.terraform.io",code="error"} 1)",
          R"(versiond_upstream_cache_hits_total{source="helm"} 2)",
          R"(versiond_upstream_not_modified_total{source="api.github.com"} 1)",
          R"(versiond_rate_limit_remaining{source="api.github.com"} 4998)",
          R"(versiond_updates{repository="/srv/infra",tier="medium",action="plan"} 3)",
          R"(versiond_updates{repository="/srv/infra",tier="low",action="auto_pr"} 1)",
          R"(versiond_component_behind_seconds{repository="/srv/infra",component="traefik \"edge\"",tier="medium"} 86400)",
          R"(versiond_advisory_exposure_seconds{repository="/srv/infra",component="ingress-nginx",advisory="GHSA-mgvx-rpfc-9mpv",severity="critical"} 172800)",
          R"(versiond_advisory_affected_components{repository="/srv/infra",severity="critical"} 1)",
          R"(versiond_advisory_affected_components{repository="/srv/infra",severity="high"} 2)",
          R"(versiond_open_pull_requests{repository="/srv/infra"} 2)",
          R"(versiond_plan_items{repository="/srv/infra"} 4)",
      }) {
    CAPTURE(line);
    CHECK(text.find(std::string(line) + "\n") != std::string::npos);
  }
  CHECK(text.find("schedule=\"none\"") == std::string::npos);  // no next run: no sample
}

TEST_CASE("metrics: promtool accepts the exposition", "[daemon][metrics]") {
  for (const bool empty : {true, false}) {
    Metrics m("0.1.0", "unknown");
    if (!empty) fill(m);
    const std::string text = m.render();
    const auto r = test::run_process({"/usr/bin/promtool", "check", "metrics"}, {}, text);
    INFO(text << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
  }
}

TEST_CASE("metrics: status classes and the updates summary", "[daemon][metrics]") {
  CHECK(daemon::status_class(200) == "2xx");
  CHECK(daemon::status_class(304) == "3xx");
  CHECK(daemon::status_class(429) == "4xx");
  CHECK(daemon::status_class(503) == "5xx");
  CHECK(daemon::status_class(0) == "error");
  store::Observation o;
  o.name = "traefik";
  o.status = "ok";
  o.updates = nlohmann::json::array({{{"target", "3.1.0"},
                                      {"tier", "medium"},
                                      {"action", "plan"},
                                      {"published", "2026-12-01"}},
                                     {{"target", "2.11.9"},
                                      {"tier", "low"},
                                      {"action", "auto-pr"},
                                      {"published", "2026-11-20"}}})
                  .dump();
  store::Observation failed = o;
  failed.status = "failed";
  const auto s = daemon::summarize_updates({o, failed}, at("2026-12-07T00:00:00Z"));
  CHECK(s.updates.at({"medium", "plan"}) == 1);
  CHECK(s.updates.at({"low", "auto_pr"}) == 1);
  REQUIRE(s.behind.size() == 1);
  CHECK(s.behind[0].component == "traefik");
  CHECK(s.behind[0].tier == "medium");  // the newest update's tier
  CHECK(s.behind[0].seconds == 6 * 86400);
}

TEST_CASE("metrics: open advisory exposures of the latest observations", "[daemon][metrics]") {
  store::Observation nginx;
  nginx.component_key = "k/nginx";
  nginx.name = "ingress-nginx";
  const auto exposure = [](const char* key, const char* id, const char* first,
                           const char* resolved) {
    store::Exposure e;
    e.component_key = key;
    e.advisory_id = id;
    e.severity = "critical";
    e.first_seen_at = first;
    e.resolved_at = resolved;
    return e;
  };
  const auto open = daemon::open_exposures(
      {exposure("k/nginx", "GHSA-open", "2026-12-01T06:00:00Z", ""),
       exposure("k/nginx", "GHSA-fixed", "2026-11-01T06:00:00Z", "2026-11-20T06:00:00Z"),
       exposure("k/removed", "GHSA-gone", "2026-12-01T06:00:00Z", "")},
      {nginx}, at("2026-12-07T06:00:00Z"));
  REQUIRE(open.size() == 1);  // resolved ones and components no longer pinned are not open
  CHECK(open[0].component == "ingress-nginx");
  CHECK(open[0].advisory == "GHSA-open");
  CHECK(open[0].severity == "critical");
  CHECK(open[0].seconds == 6 * 86400);
}
