// The JSON between versiond-serve and its `versiond serve-config` /
// `versiond serve-job` children: round trips, and clear errors for what a
// crashed or foreign child could print.
#include <catch2/catch.hpp>

#include "versiond/core/error.hpp"
#include "versiond/daemon/job_report.hpp"

using namespace versiond;

TEST_CASE("job report: a job result survives the round trip", "[daemon][report]") {
  daemon::JobResult r;
  r.outcome = store::RunOutcome::partial;
  r.message = "2 lookups failed\nexample.com: \"timeout\"";
  daemon::UpdateSummary u;
  u.updates[{"medium", "plan"}] = 3;
  u.behind.push_back({"traefik", "medium", 86400.5});
  r.updates = u;
  r.exposures = std::vector<daemon::OpenExposure>{{"ingress-nginx", "GHSA-mgvx", "critical", 60}};
  r.open_pulls = 2;
  r.traffic.requests[{"api.github.com", "2xx"}] = 7;
  r.traffic.not_modified["api.github.com"] = 4;
  r.traffic.rate_limit_remaining["api.github.com"] = 4990;
  r.traffic.cache_hits["helm"] = 1;
  const auto back = daemon::parse_job_result(daemon::to_json(r));
  CHECK(back.outcome == store::RunOutcome::partial);
  CHECK(back.message == r.message);
  REQUIRE(back.updates);
  CHECK(back.updates->updates == u.updates);
  REQUIRE(back.updates->behind.size() == 1);
  CHECK(back.updates->behind[0].component == "traefik");
  CHECK(back.updates->behind[0].seconds == 86400.5);
  REQUIRE(back.exposures);
  REQUIRE(back.exposures->size() == 1);
  CHECK(back.exposures->at(0).advisory == "GHSA-mgvx");
  CHECK(back.exposures->at(0).severity == "critical");
  CHECK(back.exposures->at(0).seconds == 60);
  CHECK_FALSE(back.plan_items);
  CHECK(back.open_pulls == 2);
  CHECK(back.traffic.requests == r.traffic.requests);
  CHECK(back.traffic.not_modified == r.traffic.not_modified);
  CHECK(back.traffic.rate_limit_remaining == r.traffic.rate_limit_remaining);
  CHECK(back.traffic.cache_hits == r.traffic.cache_hits);
}

TEST_CASE("job report: a job spec and a service configuration survive the round trip",
          "[daemon][report]") {
  daemon::JobSpec spec;
  spec.job = config::JobKind::apply;
  spec.repository = {"", "https://github.com/org/env.git", "main"};
  spec.state_dir = "/var/lib/versiond";
  spec.config_file = "/var/lib/versiond/serve/1/versiond.yaml";
  spec.config_dir = "/etc/versiond";
  spec.db = "/var/lib/versiond/repos/x/versiond.db";
  const auto s = daemon::parse_job_spec(daemon::to_json(spec));
  CHECK(s.job == config::JobKind::apply);
  CHECK(s.repository.label() == "https://github.com/org/env.git");
  CHECK(s.repository.branch == "main");
  CHECK(s.config_dir == spec.config_dir);
  CHECK(s.db == spec.db);
  CHECK(s.policy_file.empty());

  daemon::ServiceConfig c;
  c.listen = "127.0.0.1:9464";
  c.schedules.push_back({"weekly", config::JobKind::apply, "0 7 * * MON", "Europe/London"});
  c.repositories.push_back({"/srv/infra", "", ""});
  c.config_dir = "/etc/versiond";
  c.policies["/srv/infra"] = "/var/lib/versiond/serve/1/policy-x.yaml";
  const auto back = daemon::parse_service_config(daemon::to_json(c));
  CHECK(back.listen == c.listen);
  REQUIRE(back.schedules.size() == 1);
  CHECK(back.schedules[0].job == config::JobKind::apply);
  CHECK(back.schedules[0].tz == "Europe/London");
  CHECK(back.repositories[0].path == "/srv/infra");
  CHECK(back.config_file.empty());
  CHECK(back.policies == c.policies);
}

TEST_CASE("job report: a child's error answer and malformed answers are clear errors",
          "[daemon][report]") {
  try {
    (void)daemon::parse_service_config(daemon::error_json("versiond.yaml:3: unknown key 'x'"));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()) == "versiond.yaml:3: unknown key 'x'");
  }
  for (const char* text : {"", "Segmentation fault", "[1,2]", R"({"outcome": 3, "message": ""})",
                           R"({"outcome": "later", "message": "", "traffic": {}})",
                           R"({"outcome": "success", "message": ""})"}) {
    INFO(text);
    try {
      (void)daemon::parse_job_result(text);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::internal);
      CHECK(std::string(e.what()).find("versiond serve-job") == 0);
    }
  }
}
