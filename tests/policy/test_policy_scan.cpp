// The policy end to end: `versiond scan`, `policy check`, `policy explain` and
// `history` (the real binary) against the in-process fake upstream.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "scan/scan_world.hpp"
#include "support/process.hpp"
#include "versiond/store/store.hpp"

using versiond::test::ProcessResult;
using versiond::test::run_versiond;
using versiond::test::ScanWorld;

namespace {

ProcessResult versiond_in(const ScanWorld& world, std::vector<std::string> args) {
  args.push_back("--repo");
  args.push_back(world.repo.path().string());
  return run_versiond(args, {{"VERSIOND_TEST_GITHUB_TOKEN", "x"}});
}

const nlohmann::json& component(const nlohmann::json& report, const std::string& package) {
  for (const auto& c : report["components"]) {
    if (c["package"].get<std::string>().find(package) != std::string::npos) {
      return c;
    }
  }
  FAIL("no component " << package);
  throw;
}

// Every update waits a very long time, so --now decides between wait and auto-pr.
const char* k_soak_policy = R"(version: 1
defaults: {tier: medium, action: plan}
rules:
  - name: everything
    tier: low
    action: auto-pr
    min_release_age: 4000d
    group: soaked
    reason: "long soak for the test"
  - name: quiet-ubuntu
    match: {package: ["*ubuntu"]}
    action: ignore
)";

}  // namespace

TEST_CASE("policy e2e: scan --format json decides every update with the default policy",
          "[policy][cli]") {
  ScanWorld world;
  world.write_config();
  const auto r = versiond_in(world, {"scan", "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  for (const auto& c : report["components"]) {
    REQUIRE(c.contains("updates"));
    for (const auto& u : c["updates"]) {
      CHECK(u.contains("target"));
      CHECK(u.contains("tier"));
      CHECK(u.contains("action"));
      CHECK(u["rules"].is_array());
      CHECK(u["reasons"].size() >= 2);
    }
  }
  const auto& aws = component(report, "hashicorp/aws");
  REQUIRE(aws["updates"].size() == 1);  // ~> 2.6 resolves to 2.70.0, the newest 2.x
  const auto& major = aws["updates"][0];
  CHECK(major["target"] == "3.42.0");
  CHECK(major["update"] == "major");
  CHECK(major["tier"] == "high");
  CHECK(major["action"] == "plan");
  CHECK(major["group"] == "terraform-providers");
  CHECK(major["rules"] == nlohmann::json::array({"majors", "terraform-providers-together"}));
  // The decision is recorded with the scan.
  versiond::store::Store store(world.db());
  bool recorded = false;
  for (const auto& o : store.latest_observations()) {
    if (o.package == "hashicorp/aws") {
      recorded = true;
      CHECK(o.decision == "3.42.0 major: high plan");
      CHECK(nlohmann::json::parse(o.updates)[0]["target"] == "3.42.0");
    }
  }
  CHECK(recorded);
}

TEST_CASE(
    "policy e2e: --policy and --now decide, text shows tier and action, the plan drops "
    "ignored updates",
    "[policy][cli]") {
  ScanWorld world;
  world.write_config();
  world.repo.write("soak.yaml", k_soak_policy);
  const std::string policy = (world.repo.path() / "soak.yaml").string();
  auto r =
      versiond_in(world, {"scan", "--format", "json", "--policy", policy, "--now", "2026-12-01"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto report = nlohmann::json::parse(r.out);
  // GitHub dates its releases: v2.2.0 (2020) is younger than 4000 days on 2026-12-01.
  const auto& u = component(report, "actions/checkout")["updates"][0];
  CHECK(u["target"] == "v2.2.0");
  CHECK(u["action"] == "wait");
  CHECK(u.contains("ready_on"));
  CHECK(u["rules"] == nlohmann::json::array({"everything"}));
  // The Terraform registry gives no dates: never old enough, and no ready_on.
  const auto& aws = component(report, "hashicorp/aws")["updates"][0];
  CHECK(aws["action"] == "wait");
  CHECK_FALSE(aws.contains("ready_on"));
  CHECK(component(report, "ubuntu")["updates"][0]["action"] == "ignore");

  // Pushed recently as seen from 2040, so ubuntu is not flagged stale either.
  world.up.add(
      "/v2/namespaces/library/repositories/ubuntu",
      versiond::test::Reply{200, {}, R"({"name":"ubuntu","last_updated":"2039-12-01T10:00:00Z"})"});
  r = versiond_in(world, {"scan", "--policy", policy, "--now", "2040-01-01"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("ACTION"));
  CHECK_THAT(r.out, Catch::Contains("v2.2.0 minor low/auto-pr"));
  CHECK_THAT(r.out, Catch::Contains("ignore"));  // ignored updates stay visible in scan

  r = versiond_in(world,
                  {"scan", "--format", "markdown", "--policy", policy, "--now", "2040-01-01"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("low/auto-pr"));
  CHECK_THAT(r.out, !Catch::Contains("ubuntu"));  // every ubuntu update is ignored
  CHECK_THAT(r.out, Catch::Contains("#### Group soaked\n\n- Checkout Action v2.1.0 \u2192 v2.2.0 "
                                    "(low/auto-pr)\n"));

  // history: the decision moved from wait to auto-pr between the two scans.
  r = versiond_in(world, {"history", "actions/checkout"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("decision changes:"));
  CHECK_THAT(r.out, Catch::Contains("v2.2.0 minor: low wait until 2031-"));
  CHECK_THAT(r.out, Catch::Contains("\u2192 v2.2.0 minor: low auto-pr on 2040-01-01"));
  r = versiond_in(world, {"history", "actions/checkout", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const auto history = nlohmann::json::parse(r.out);
  REQUIRE(history[0]["changes"].size() == 2);
  CHECK(history[0]["changes"][1]["updates"][0]["action"] == "auto-pr");
}

TEST_CASE(
    "policy e2e: policy_file in versiond.yaml is used, an invalid policy stops the scan "
    "with every error and records nothing",
    "[policy][cli]") {
  ScanWorld world;
  world.write_config("policy_file: policies/p.yaml\n");
  world.repo.write("policies/p.yaml",
                   "version: 1\nrules:\n  - name: a\n    tier: critical\n  - name: a\n"
                   "    match: {file: [\"x**\"]}\n");
  const auto r = versiond_in(world, {"scan", "--format", "json"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("p.yaml:4: rules[0].tier: unknown tier 'critical'"));
  CHECK_THAT(r.err, Catch::Contains("p.yaml:5: rules[1].name: duplicate rule name 'a'"));
  CHECK_THAT(r.err, Catch::Contains("p.yaml:6: rules[1].match.file: glob 'x**'"));
  CHECK_FALSE(std::filesystem::exists(world.db()));
  CHECK(world.up.total_hits() == 0);

  world.repo.write("policies/p.yaml", k_soak_policy);
  const auto ok = versiond_in(world, {"scan", "--format", "json", "--now", "2026-12-01"});
  REQUIRE(ok.exit_code == 0);
  const auto report = nlohmann::json::parse(ok.out);
  CHECK(component(report, "hashicorp/aws")["updates"][0]["rules"] ==
        nlohmann::json::array({"everything"}));
}

TEST_CASE("policy e2e: policy check", "[policy][cli]") {
  ScanWorld world;
  world.write_config();
  auto r = versiond_in(world, {"policy", "check"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("<embedded policies/default.yaml>: valid"));
  // The default's Rocket.Chat/MongoDB couplings name nothing in this repository: warnings.
  CHECK_THAT(r.err, Catch::Contains("couplings[0].if: warning: no component"));

  world.repo.write("bad.yaml",
                   "version: 1\nrules:\n  - name: a\n    mtach: {}\n"
                   "  - name: b\n    match: {current: \"~> banana\"}\n");
  r = versiond_in(world, {"policy", "check", (world.repo.path() / "bad.yaml").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("bad.yaml:4: rules[0].mtach: unknown key"));
  CHECK_THAT(r.err, Catch::Contains("bad.yaml:6: rules[1].match.current: '~> banana'"));
}

TEST_CASE("policy e2e: policy check without FILE reads policy_file, --now must be a date",
          "[policy][cli]") {
  ScanWorld world;
  world.write_config("policy_file: policies/p.yaml\n");
  world.repo.write("policies/p.yaml", "version: 1\nrules:\n  - name: only\n    tier: low\n");
  auto r = versiond_in(world, {"policy", "check"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("policies/p.yaml: valid (1 rules, 0 couplings)"));
  r = versiond_in(world, {"scan", "--now", "next tuesday"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(
                        "--now: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got 'next tuesday'"));
  CHECK_FALSE(std::filesystem::exists(world.db()));
}

TEST_CASE("policy e2e: policy explain shows candidates, rules and the result from the store",
          "[policy][cli]") {
  ScanWorld world;
  world.write_config();
  auto r = versiond_in(world, {"policy", "explain", "hashicorp/aws"});
  CHECK(r.exit_code == 2);  // no store yet
  REQUIRE(versiond_in(world, {"scan"}).exit_code == 0);
  const auto requests = world.up.total_hits();
  r = versiond_in(world, {"policy", "explain", "hashicorp/aws"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(world.up.total_hits() == requests);  // from the store, no lookup
  CHECK_THAT(r.out, Catch::Contains("releases as recorded up to scan 1"));
  CHECK_THAT(r.out, Catch::Contains("2.70.0: not newer than 2.70.0"));
  CHECK_THAT(r.out, Catch::Contains("3.42.0: candidate (major)"));
  CHECK_THAT(r.out, Catch::Contains("rule 'majors' sets tier high, action plan"));
  CHECK_THAT(r.out, Catch::Contains("=> tier high, action plan, group terraform-providers"));

  r = versiond_in(world, {"policy", "explain", "aws", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["components"][0]["updates"][0]["target"] == "3.42.0");
  CHECK(j["components"][0]["candidates"].size() > 10);

  r = versiond_in(world, {"policy", "explain", "no-such-thing"});
  CHECK(r.exit_code == 2);
}
