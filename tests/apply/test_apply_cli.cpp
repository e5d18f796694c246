// `versiond apply` as a process against the fake GitHub, including SIGKILL
// before and after each write kind (fault points of test builds) and a re-run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/fake_github.hpp"
#include "support/fake_upstream.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/intents.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using nlohmann::json;
using versiond::test::FakeGithub;

namespace {

store::Observation observation(const std::string& name, const std::string& target) {
  store::Observation o;
  o.component_key = "f|k|" + name;
  o.name = name;
  o.kind = "helm-chart";
  o.file = "charts/" + name + ".yaml";
  o.current = "1.0.0";
  o.datasource = "helm";
  o.package = name;
  o.status = "ok";
  o.updates = json::array({{{"target", target},
                            {"update", "minor"},
                            {"breaking", false},
                            {"tier", "medium"},
                            {"action", "plan"},
                            {"group", "g"},
                            {"labels", json::array()},
                            {"rules", {"default"}},
                            {"reasons", {"minor update."}},
                            {"published", "2026-11-01"}}})
                  .dump();
  return o;
}

struct Estate {
  explicit Estate(FakeGithub& gh) {
    dir.write("repo/versiond.yaml",
              "forge:\n  repository: acme/platform\n  api_url: " + gh.base() +
                  "\n  token_env: FAKE_GH_TOKEN\nhttp:\n"
                  "  allow_plain_http_hosts: [127.0.0.1]\n  max_retries: 0\n");
    record("1.1.0");
  }
  // Records a scan whose one update targets `target`.
  void record(const std::string& target) {
    store::Store s(db());
    store::ScanRecord r;
    r.scan.started_at = "2026-12-02T09:00:00Z";
    r.scan.finished_at = "2026-12-02T09:00:01Z";
    r.scan.repo = (dir.path() / "repo").string();
    r.scan.outcome = "completed";
    r.observations = {observation("traefik", target)};
    r.scan.components = 1;
    s.record_scan(r);
  }
  std::filesystem::path db() const { return dir.path() / "state.db"; }
  test::ProcessResult apply(const std::string& now, const std::string& fault = {}) {
    std::map<std::string, std::string> env = {{"FAKE_GH_TOKEN", "ghs_fake_token_for_tests"}};
    if (!fault.empty()) env["VERSIOND_FAULT_POINT"] = "apply." + fault;
    return test::run_versiond({"apply", "--no-scan", "--repo", (dir.path() / "repo").string(),
                               "--db", db().string(), "--now", now, "--write-interval-ms", "0"},
                              env);
  }
  test::TempDir dir;
};

const std::string w49 = "2026-12-02T10:00:00Z";
const std::string w50 = "2026-12-09T10:00:00Z";

}  // namespace

TEST_CASE("apply CLI: first run creates, second run writes nothing", "[apply][cli]") {
  FakeGithub gh("acme/platform", "ghs_fake_token_for_tests");
  Estate e(gh);
  auto first = e.apply(w49);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(gh.write_count() == 1);
  REQUIRE(gh.issues().size() == 1);
  CHECK(gh.issues()[0].body.find("traefik") != std::string::npos);
  CHECK(first.err.find("ghs_fake_token_for_tests") == std::string::npos);
  gh.clear_requests();
  auto second = e.apply(w49);
  REQUIRE(second.exit_code == 0);
  CHECK(gh.write_count() == 0);
  CHECK(second.out.find("0 writes") != std::string::npos);
  // One upstream release: exactly the plan changes.
  e.record("1.2.0");
  auto third = e.apply(w49);
  REQUIRE(third.exit_code == 0);
  CHECK(gh.write_lines() == std::vector<std::string>{"PATCH /repos/acme/platform/issues/1"});
}

TEST_CASE("apply CLI: --dry-run prints the writes and makes none", "[apply][cli]") {
  FakeGithub gh("acme/platform", "ghs_fake_token_for_tests");
  Estate e(gh);
  auto r =
      test::run_versiond({"apply", "--no-scan", "--dry-run", "--repo",
                          (e.dir.path() / "repo").string(), "--db", e.db().string(), "--now", w49},
                         {{"FAKE_GH_TOKEN", "ghs_fake_token_for_tests"}});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("would POST /issues  create \"Upgrade Plan 2026-W49\"") != std::string::npos);
  CHECK(gh.write_count() == 0);
}

#ifdef VERSIOND_FAULT_POINTS  // the crash points exist only in test builds
TEST_CASE("apply CLI: kill -9 before or after each write, then a re-run, leaves one of each",
          "[apply][cli][crash]") {
  // Each fault is set up by the runs before it, killed at its point, then re-run.
  struct Case {
    std::string fault;
    std::string now;
    std::string target;  // the scan's target before the killed run
  };
  const std::vector<Case> cases = {
      {"before:create_issue", w49, "1.1.0"}, {"after:create_issue", w49, "1.1.0"},
      {"before:edit_issue", w49, "1.2.0"},   {"after:edit_issue", w49, "1.2.0"},
      {"before:close_issue", w50, "1.2.0"},  {"after:close_issue", w50, "1.2.0"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.fault) {
      FakeGithub gh("acme/platform", "ghs_fake_token_for_tests");
      Estate e(gh);
      if (c.fault.find("create") == std::string::npos) REQUIRE(e.apply(w49).exit_code == 0);
      if (c.fault.find("edit") != std::string::npos) e.record(c.target);
      auto killed = e.apply(c.now, c.fault);
      CHECK(killed.exit_code == 128 + 9);
      {
        store::Store s(e.db());
        const auto pending = store::pending_intents(s.db());
        REQUIRE(pending.size() == 1);
        CHECK(c.fault.find(pending[0].kind) != std::string::npos);
      }
      auto rerun = e.apply(c.now);
      INFO(rerun.out << rerun.err);
      REQUIRE(rerun.exit_code == 0);
      CHECK(rerun.out.find("reconciled intent") != std::string::npos);
      {
        store::Store s(e.db());
        CHECK(store::pending_intents(s.db()).empty());
      }
      // Exactly the expected issues, each once.
      const auto issues = gh.issues();
      const bool new_week = c.now == w50;
      REQUIRE(issues.size() == (new_week ? 2u : 1u));
      CHECK(issues[0].title == "Upgrade Plan 2026-W49");
      if (new_week) {
        CHECK(issues[0].state == "closed");
        CHECK(issues[1].title == "Upgrade Plan 2026-W50");
        CHECK(issues[1].state == "open");
      }
      if (c.fault.find("edit") != std::string::npos) {
        CHECK(issues[0].body.find("1.2.0") != std::string::npos);
      }
      // And a third run has nothing left to do.
      gh.clear_requests();
      REQUIRE(e.apply(c.now).exit_code == 0);
      CHECK(gh.write_count() == 0);
    }
  }
}
#endif

TEST_CASE(
    "apply CLI: scans first, and a failing scan opens the run-failed issue, a good run closes it",
    "[apply][cli]") {
  FakeGithub gh("acme/platform", "ghs_fake_token_for_tests");
  test::TempDir dir;
  // A closed port: every Docker lookup fails at once (connection refused).
  const int closed = test::FakeUpstream::closed_port();
  const std::string config =
      "forge:\n  repository: acme/platform\n  api_url: " + gh.base() +
      "\n  token_env: FAKE_GH_TOKEN\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
      "  max_retries: 0\nendpoints:\n  docker_hub: http://127.0.0.1:" +
      std::to_string(closed) + "\n  docker_hub_api: \"\"\n";
  dir.write("repo/versiond.yaml", config);
  dir.write("repo/Dockerfile", "FROM alpine:3.18.0\n");
  const std::vector<std::string> args = {
      "apply", "--repo", (dir.path() / "repo").string(), "--db", (dir.path() / "state.db").string(),
      "--now", w49,      "--write-interval-ms",          "0"};
  const std::map<std::string, std::string> env = {{"FAKE_GH_TOKEN", "ghs_fake_token_for_tests"}};
  auto failing = test::run_versiond(args, env);
  INFO(failing.out << failing.err);
  CHECK(failing.exit_code == 3);
  auto issues = gh.issues();
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].title == "Upgrade Plan 2026-W49");  // the plan still goes out
  CHECK(issues[1].title == "versiond run failed");
  CHECK(issues[1].body.find("lookups failed") != std::string::npos);
  CHECK(issues[1].state == "open");
  // Still failing the same way: nothing new is written.
  gh.clear_requests();
  CHECK(test::run_versiond(args, env).exit_code == 3);
  CHECK(gh.write_count() == 0);
  // The component goes away: the scan succeeds and the issue is closed.
  std::filesystem::remove(dir.path() / "repo/Dockerfile");
  auto good = test::run_versiond(args, env);
  INFO(good.out << good.err);
  CHECK(good.exit_code == 0);
  CHECK(gh.issue(issues[1].number)->state == "closed");
}
