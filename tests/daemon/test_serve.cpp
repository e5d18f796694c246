// `versiond serve` end to end: the real binary as a child process, a real
// SQLite store, the fake upstream, the fake GitHub and a local git
// repository (with a bare clone as the forge's git remote). Schedules fire
// every second; the test polls (bounded) for what it expects.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "daemon/serve_process.hpp"
#include "scan/scan_world.hpp"
#include "support/fake_github.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/job_runs.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using namespace std::chrono_literals;
using test::eventually;
using test::http_get;

namespace {

const std::string token = "ghs_fake_token_for_serve";

std::string git_binary() { return test::program_on_path("git"); }

void git(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {git_binary(), "-c", "user.name=Maintainer", "-c",
                                   "user.email=maintainer@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = test::run_process(argv);
  INFO("git " << args[0] << ": " << r.err);
  REQUIRE(r.exit_code == 0);
}

// The value of one sample of /metrics text; nullopt when absent.
std::optional<double> sample(const std::string& metrics, const std::string& series) {
  const auto at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(metrics.substr(at + series.size() + 2));
}

struct Estate {
  Estate() {
    repo = world.repo.path().string();
    remote = state.path() / "remote.git";
    git({"init", "-q", "-b", "main", repo});
    git({"-C", repo, "add", "-A"});
    git({"-C", repo, "commit", "-q", "-m", "init"});
    git({"init", "-q", "--bare", "-b", "main", remote.string()});
    git({"-C", repo, "push", "-q", remote.string(), "main"});
    gh.set_default_branch("main");
    gh.use_bare_repository(remote);
  }

  // versiond.yaml (outside the repository) with `schedules` and a forge at `api`.
  void configure(const std::string& schedules, const std::string& api) {
    state.write("versiond.yaml",
                world.config_yaml("schedules:\n" + schedules +
                                  "server:\n  listen: \"127.0.0.1:" + std::to_string(port) +
                                  "\"\nforge:\n  repository: acme/platform\n"
                                  "  api_url: " +
                                  api +
                                  "\n  token_env: FAKE_GH_TOKEN\n"
                                  "  git_remote: " +
                                  remote.string() + "\n"));
  }
  void configure_raw(const std::string& text) { state.write("versiond.yaml", text); }

  std::vector<std::string> args() const {
    return {"serve", "--repo",     repo, "--config", (state.path() / "versiond.yaml").string(),
            "--db",  db().string()};
  }
  std::unique_ptr<test::ServeProcess> start() const {
    auto p = std::make_unique<test::ServeProcess>(args(), env(), state.path());
    INFO(p->err());
    REQUIRE(eventually([&] { return http_get(port, "/healthz").status == 200; }, 10s));
    return p;
  }
  std::map<std::string, std::string> env() const { return {{"FAKE_GH_TOKEN", token}}; }
  std::filesystem::path db() const { return state.path() / "state" / "versiond.db"; }
  std::string metrics() const { return http_get(port, "/metrics").body; }
  double runs(const std::string& job, const std::string& outcome) const {
    return sample(metrics(), "versiond_job_runs_total{job=\"" + job + "\",repository=\"" + repo +
                                 "\",outcome=\"" + outcome + "\"}")
        .value_or(0);
  }

  test::ScanWorld world;
  test::FakeGithub gh{"acme/platform", token};
  test::TempDir state;
  std::string repo;
  std::filesystem::path remote;
  int port = test::FakeUpstream::closed_port();
};

// SIGTERM, then exit 0 within 5 s.
void stop_within_5s(test::ServeProcess& serve) {
  const auto stop = std::chrono::steady_clock::now();
  serve.signal(SIGTERM);
  const auto code = serve.wait(5s);
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK(std::chrono::steady_clock::now() - stop < 5s);
}

const std::string every_second_scan = "  - {name: tick, job: scan, cron: \"* * * * * *\"}\n";

}  // namespace

TEST_CASE(
    "serve: scheduled scans move the metrics, a broken SIGHUP keeps the running config, "
    "SIGTERM stops within 5 s",
    "[daemon][serve]") {
  Estate e;
  e.configure(every_second_scan, e.gh.base());
  auto serve = e.start();
  INFO(serve->err());

  // Runs happen and are counted; the upstream requests are seen per host.
  REQUIRE(eventually([&] { return e.runs("scan", "success") >= 1; }, 15s));
  const double first = e.runs("scan", "success");
  REQUIRE(eventually([&] { return e.runs("scan", "success") > first; }, 15s));
  const std::string m = e.metrics();
  const std::string up = "127.0.0.1:" + std::to_string(e.world.up.port());
  CHECK(sample(m, "versiond_upstream_requests_total{source=\"" + up + "\",code=\"2xx\"}") > 0);
  CHECK(sample(m, "versiond_job_last_success_timestamp_seconds{job=\"scan\",repository=\"" +
                      e.repo + "\"}") > 1.7e9);
  CHECK(sample(m, "versiond_schedule_next_run_timestamp_seconds{schedule=\"tick\"}") > 1.7e9);
  CHECK(m.find("versiond_updates{repository=\"" + e.repo + "\",tier=\"") != std::string::npos);
  CHECK(m.find("versiond_component_behind_seconds{repository=\"" + e.repo + "\"") !=
        std::string::npos);
  CHECK(std::regex_search(m, std::regex("versiond_build_info\\{version=\"[0-9.]+\",commit=\"")));
  const auto promtool = test::run_process({"/usr/bin/promtool", "check", "metrics"}, {}, m);
  CHECK(promtool.exit_code == 0);
  CHECK(promtool.err.empty());
  const auto ready = http_get(e.port, "/readyz");
  CHECK(ready.status == 200);
  CHECK(ready.body == "ready\n");

  // The long-running process is versiond-serve (exec'd in place, same pid)
  // and maps none of the libraries only the jobs need.
  const std::string maps = test::read_file("/proc/" + std::to_string(serve->pid()) + "/maps");
  CHECK(maps.find("versiond-serve") != std::string::npos);
  for (const char* library : {"libcurl", "libgit2", "libyaml", "libgpgme", "libzip"}) {
    INFO(library);
    CHECK(maps.find(library) == std::string::npos);
  }

  // One instance per store.
  const auto second = test::run_versiond(e.args(), e.env());
  CHECK(second.exit_code == 2);
  CHECK(second.err.find("another versiond serve is using " + e.db().string()) != std::string::npos);

  // A broken configuration on SIGHUP is rejected and logged; runs go on.
  e.configure_raw("schedules:\n  - {name: tick, job: scan, cron: \"0 6 * * FOO\"}\n");
  serve->signal(SIGHUP);
  REQUIRE(
      eventually([&] { return serve->err().find("reload rejected") != std::string::npos; }, 10s));
  CHECK(serve->err().find("day-of-week field: 'FOO'") != std::string::npos);
  const double before = e.runs("scan", "success");
  CHECK(eventually([&] { return e.runs("scan", "success") > before; }, 15s));

  // SIGTERM: exit 0 within 5 s, nothing left running in the store.
  stop_within_5s(*serve);
  store::Store s(e.db());
  const auto runs = store::all_job_runs(s.db());
  CHECK(runs.size() >= 3);
  for (const auto& r : runs) {
    CHECK(r.outcome != store::RunOutcome::running);
    CHECK(r.schedule == "tick");
  }
  // The token never reaches the log.
  CHECK(serve->err().find(token) == std::string::npos);
}

TEST_CASE("serve: /readyz reports a failed apply run and recovers after a good SIGHUP",
          "[daemon][serve]") {
  Estate e;
  const std::string dead = "http://127.0.0.1:" + std::to_string(test::FakeUpstream::closed_port());
  const std::string apply = "  - {name: push, job: apply, cron: \"*/2 * * * * *\"}\n";
  e.configure(apply, dead);
  auto serve = e.start();
  INFO(serve->err());
  REQUIRE(eventually([&] { return http_get(e.port, "/readyz").status == 503; }, 20s));
  const auto failed = http_get(e.port, "/readyz");
  CHECK(failed.body.find("apply (schedule push) of " + e.repo + " failed at ") !=
        std::string::npos);
  CHECK(e.runs("apply", "failure") >= 1);
  CHECK(sample(e.metrics(), "versiond_upstream_requests_total{source=\"" + dead.substr(7) +
                                "\",code=\"error\"}") >= 1);

  // The forge is back (the fake GitHub): the next apply run succeeds.
  e.configure(apply, e.gh.base());
  serve->signal(SIGHUP);
  REQUIRE(eventually(
      [&] { return serve->err().find("configuration reloaded") != std::string::npos; }, 10s));
  REQUIRE(eventually([&] { return http_get(e.port, "/readyz").status == 200; }, 30s));
  const std::string m = e.metrics();
  CHECK(sample(m, "versiond_plan_items{repository=\"" + e.repo + "\"}") >= 1);
  CHECK(sample(m, "versiond_open_pull_requests{repository=\"" + e.repo + "\"}").has_value());
  CHECK_FALSE(e.gh.issues().empty());  // the week's plan issue
  serve->signal(SIGINT);
  const auto code = serve->wait(5s);
  REQUIRE(code);
  CHECK(*code == 0);
}

TEST_CASE("serve: an advisory affecting a pinned action shows on /metrics with its exposure",
          "[daemon][serve]") {
  Estate e;
  // A workflow pinning actions/checkout v2.1.0, and OSV listing one advisory
  // for it. The record is constructed (no real advisory for actions/checkout
  // fits): OSV schema fields only, fixed in 2.2.0, severity critical.
  e.world.repo.write(".github/workflows/ci.yml",
                     "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                     "      - uses: actions/checkout@v2.1.0\n");
  git({"-C", e.repo, "add", "-A"});
  git({"-C", e.repo, "commit", "-q", "-m", "workflow"});
  const std::string id = "GHSA-cccc-0000-0001";
  const nlohmann::json record = {
      {"id", id},
      {"modified", "2026-11-01T00:00:00Z"},
      {"published", "2026-11-01T00:00:00Z"},
      {"summary", "constructed advisory for the serve test"},
      {"affected",
       {{{"package", {{"ecosystem", "GitHub Actions"}, {"name", "actions/checkout"}}},
         {"ranges",
          {{{"type", "ECOSYSTEM"}, {"events", {{{"introduced", "0"}}, {{"fixed", "2.2.0"}}}}}}}}}},
      {"database_specific", {{"severity", "CRITICAL"}}}};
  e.world.up.add_post("/v1/querybatch", [id](const std::string& body) {
    nlohmann::json results = nlohmann::json::array();
    const nlohmann::json request = nlohmann::json::parse(body);  // outlives the loop
    for (const auto& q : request.at("queries")) {
      nlohmann::json result = nlohmann::json::object();
      if (q["package"]["name"] == "actions/checkout") {
        nlohmann::json vuln = nlohmann::json::object();
        vuln["id"] = id;
        vuln["modified"] = "2026-11-01T00:00:00Z";
        result["vulns"] = nlohmann::json::array({vuln});
      }
      results.push_back(result);
    }
    return test::Reply{200, {}, nlohmann::json{{"results", results}}.dump(), "application/json"};
  });
  e.world.up.add("/v1/vulns/" + id, test::Reply{200, {}, record.dump(), "application/json"});
  // The action's tags, in the shape of GitHub's tag list (constructed).
  nlohmann::json tags = nlohmann::json::array();
  for (const char* tag : {"v4.2.2", "v2.2.0", "v2.1.0"}) {
    tags.push_back({{"name", tag}, {"commit", {{"sha", std::string(40, 'a')}, {"url", ""}}}});
  }
  e.world.up.add("/repos/actions/checkout/tags", test::Reply{200, {}, tags.dump()});
  e.configure(every_second_scan, e.gh.base());
  auto serve = e.start();
  INFO(serve->err());
  const std::regex exposure("\nversiond_advisory_exposure_seconds\\{repository=\"" + e.repo +
                            "\",component=\"[^\"]*checkout[^\"]*\",advisory=\"" + id +
                            "\",severity=\"critical\"\\} [0-9.e+]+\n");
  REQUIRE(eventually([&] { return std::regex_search(e.metrics(), exposure); }, 20s));
  const std::string m = e.metrics();
  CHECK(sample(m, "versiond_advisory_affected_components{repository=\"" + e.repo +
                      "\",severity=\"critical\"}") >= 1);
  const auto promtool = test::run_process({"/usr/bin/promtool", "check", "metrics"}, {}, m);
  CHECK(promtool.exit_code == 0);
  stop_within_5s(*serve);
}

TEST_CASE("serve: a slot missed while stopped runs once at start-up", "[daemon][serve]") {
  Estate e;
  // Yearly: no regular slot during the test.
  e.configure("  - {name: yearly, job: scan, cron: \"0 0 1 1 *\"}\n", e.gh.base());
  {
    store::Store s(e.db());
    store::JobRun r;
    r.schedule = "yearly";
    r.job = "scan";
    r.repository = e.repo;
    r.slot = "2025-01-01T00:00:00Z";  // 2026-01-01 was missed (and so was 2026-12-…: no)
    r.started_at = r.slot;
    const auto id = store::begin_job_run(s.db(), r);
    store::finish_job_run(s.db(), id, store::RunOutcome::success, "2025-01-01T00:00:05Z", 5000, "");
  }
  auto serve = e.start();
  INFO(serve->err());
  REQUIRE(eventually([&] { return e.runs("scan", "success") == 1; }, 15s));
  serve->signal(SIGTERM);
  REQUIRE(serve->wait(5s) == 0);
  CHECK(serve->err().find("catching up a slot missed while stopped") != std::string::npos);
  store::Store s(e.db());
  const auto runs = store::all_job_runs(s.db());
  REQUIRE(runs.size() == 2);  // the recorded one and one catch-up
  CHECK(runs[1].outcome == store::RunOutcome::success);
}

TEST_CASE("serve: SIGTERM during a job exits 0 within 5 s and leaves the store consistent",
          "[daemon][serve]") {
  Estate e;
  e.world.up.set_latency(4s);  // every upstream answer is slow: the scan is mid-request
  e.configure(every_second_scan, e.gh.base());
  auto serve = e.start();
  INFO(serve->err());
  REQUIRE(eventually(
      [&] {
        return sample(e.metrics(),
                      "versiond_job_running{job=\"scan\",repository=\"" + e.repo + "\"}") == 1.0;
      },
      10s));
  stop_within_5s(*serve);
  {
    store::Store s(e.db());
    store::Statement check(s.db(), "PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
    CHECK(s.scans().empty());  // the cut scan recorded nothing half-way
    const auto runs = store::all_job_runs(s.db());
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].outcome == store::RunOutcome::failure);
    CHECK(runs[0].message == "stopped by the service's shutdown");
  }
  // SIGKILL mid-job: the job's child goes with the service (it asked for
  // SIGKILL when its parent dies), the run is left running, and the next
  // start records it as failed and says so (the same schedule, now yearly:
  // no run during the test).
  serve = e.start();
  REQUIRE(eventually(
      [&] {
        return sample(e.metrics(),
                      "versiond_job_running{job=\"scan\",repository=\"" + e.repo + "\"}") == 1.0;
      },
      10s));
  serve->signal(SIGKILL);
  REQUIRE(serve->wait(5s));
  e.world.up.set_latency(0ms);
  e.configure("  - {name: tick, job: scan, cron: \"0 0 1 1 *\"}\n", e.gh.base());
  auto again = e.start();
  const auto ready = http_get(e.port, "/readyz");
  CHECK(ready.status == 503);
  CHECK(ready.body.find("interrupted") != std::string::npos);
  again->signal(SIGTERM);
  CHECK(again->wait(5s) == 0);
  {
    store::Store s(e.db());
    CHECK(s.scans().empty());  // the orphaned job did not finish its scan
  }
  // A schedule no longer configured does not count.
  e.configure("  - {name: other, job: scan, cron: \"0 0 1 1 *\"}\n", e.gh.base());
  auto renamed = e.start();
  CHECK(http_get(e.port, "/readyz").status == 200);
  renamed->signal(SIGTERM);
  CHECK(renamed->wait(5s) == 0);
}

TEST_CASE(
    "serve: a url repository is cloned into the state directory and scanned beside a "
    "local one, each in its own store",
    "[daemon][serve]") {
  Estate e;
  const std::string url = "file://" + e.remote.string();
  e.configure(every_second_scan, e.gh.base());
  e.configure_raw(test::read_file(e.state.path() / "versiond.yaml") +
                  "repositories:\n  - {url: \"" + url + "\", branch: main}\n  - {path: \"" +
                  e.repo + "\"}\n");
  auto serve = e.start();
  INFO(serve->err());
  const std::string series =
      "versiond_job_runs_total{job=\"scan\",repository=\"" + url + "\",outcome=\"success\"}";
  REQUIRE(eventually([&] { return sample(e.metrics(), series).value_or(0) >= 2; }, 15s));
  REQUIRE(eventually([&] { return e.runs("scan", "success") >= 2; }, 15s));
  stop_within_5s(*serve);
  // The clone is under the state directory, with the repository's files.
  const auto state = e.db().parent_path();
  REQUIRE(std::filesystem::is_directory(state / "clones"));
  std::size_t found = 0;
  for (const auto& entry : std::filesystem::directory_iterator(state / "clones")) {
    found += std::filesystem::exists(entry.path() / "terraform" / "main.tf");
  }
  CHECK(found == 1);
  // Two repositories: each records its scans in its own store under repos/,
  // the service's store keeps the runs of both.
  std::vector<std::filesystem::path> stores;
  for (const auto& entry : std::filesystem::directory_iterator(state / "repos")) {
    stores.push_back(entry.path() / "versiond.db");
  }
  REQUIRE(stores.size() == 2);
  for (const auto& db : stores) {
    store::Store s(db);
    const auto scans = s.scans();
    REQUIRE(!scans.empty());
    CHECK(scans.back().components >= 4);
  }
  store::Store service(e.db());
  std::set<std::string> repositories;
  for (const auto& r : store::all_job_runs(service.db())) repositories.insert(r.repository);
  CHECK(repositories == std::set<std::string>{e.repo, url});
  CHECK(service.scans().empty());
}

TEST_CASE("serve: JSON log lines and the version with its commit", "[daemon][serve]") {
  Estate e;
  e.configure("  - {name: yearly, job: scan, cron: \"0 0 1 1 *\"}\n", e.gh.base());
  std::vector<std::string> args = e.args();
  args.insert(args.begin(), {"--log-format", "json", "--log-level", "debug"});
  auto serve = std::make_unique<test::ServeProcess>(args, e.env(), e.state.path());
  REQUIRE(eventually([&] { return http_get(e.port, "/healthz").status == 200; }, 10s));
  serve->signal(SIGTERM);
  REQUIRE(serve->wait(5s) == 0);
  std::istringstream lines(serve->err());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    INFO(line);
    const auto j = nlohmann::json::parse(line);
    CHECK(j.at("time").get<std::string>().size() == 24);
    CHECK(j.at("level").is_string());
    CHECK(j.at("message").is_string());
    ++n;
  }
  CHECK(n >= 2);  // listening, stopped
  const auto v = test::run_versiond({"--version"});
  CHECK(v.exit_code == 0);
  CHECK(std::regex_search(v.out, std::regex("^versiond [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit "
                                            "([0-9a-f]{12}|unknown)\\)")));
}

TEST_CASE("serve: SIGHUP with an invalid policy keeps the running one", "[daemon][serve]") {
  Estate e;
  e.world.repo.write("policies/p.yaml",
                     "version: 1\ndefaults: {tier: medium, action: plan}\nrules:\n"
                     "  - name: everything\n    tier: low\n    action: wait\n"
                     "    reason: \"all low\"\n");
  e.configure(every_second_scan, e.gh.base());
  e.configure_raw(test::read_file(e.state.path() / "versiond.yaml") +
                  "policy_file: policies/p.yaml\n");
  auto serve = e.start();
  INFO(serve->err());
  const std::string low_wait =
      "versiond_updates{repository=\"" + e.repo + "\",tier=\"low\",action=\"wait\"}";
  REQUIRE(eventually([&] { return sample(e.metrics(), low_wait).value_or(0) >= 1; }, 15s));
  e.world.repo.write("policies/p.yaml", "version: 1\nrules:\n  - name: a\n    tier: critical\n");
  serve->signal(SIGHUP);
  REQUIRE(
      eventually([&] { return serve->err().find("reload rejected") != std::string::npos; }, 10s));
  CHECK(serve->err().find("rules[0].tier: unknown tier 'critical'") != std::string::npos);
  // Later runs still decide with the policy loaded before.
  const double before = e.runs("scan", "success");
  REQUIRE(eventually([&] { return e.runs("scan", "success") > before; }, 15s));
  CHECK(sample(e.metrics(), low_wait).value_or(0) >= 1);
  CHECK(e.metrics().find("tier=\"medium\"") == std::string::npos);
  stop_within_5s(*serve);
}
