// `versiond apply` on a 500-component repository with 60 auto-pr updates in
// 12 groups, against the fake GitHub and a real bare git repository: the cold
// run (plan issue, 12 branches, 12 PRs, their labels) and the steady-state run
// (nothing changed: no write, no push). Prints the write counts and wall times.
//
//   BENCH_RUNS=3 BENCH_WRITE_INTERVAL_MS=0 build/ci/bench/bench_apply "[.bench]"
//
// Built with the tests (a hidden Catch2 case: it uses their fake GitHub and
// process helpers); not a ctest entry.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/fake_github.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using nlohmann::json;

namespace {

constexpr int components = 500;
constexpr int updates = 60;
constexpr int groups = 12;
const std::string token = "ghs_bench_token";

std::string git_binary() { return test::program_on_path("git"); }

void git(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {git_binary(), "-c", "user.name=Bench", "-c",
                                   "user.email=bench@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = test::run_process(argv);
  if (r.exit_code != 0) throw std::runtime_error("git " + args[0] + ": " + r.err);
}

struct Run {
  double seconds = 0;
  std::size_t rest_writes = 0;
  std::size_t pushes = 0;
  std::size_t requests = 0;
};

}  // namespace

// "[.bench]": hidden from the default run on purpose: this is a benchmark
// (seconds of wall time, results recorded in docs/PERFORMANCE.md), not a test;
// it is run by name as shown at the top of this file.
TEST_CASE("apply bench: 500 components, 60 updates in 12 groups", "[.bench]") {
  const char* runs_env = std::getenv("BENCH_RUNS");
  const char* interval_env = std::getenv("BENCH_WRITE_INTERVAL_MS");
  const int runs = runs_env ? std::atoi(runs_env) : 3;
  const std::string interval = interval_env ? interval_env : "0";
  std::vector<Run> cold, steady;
  for (int run = 0; run < runs; ++run) {
    test::FakeGithub gh("acme/platform", token);
    test::TempDir dir;
    const auto remote = dir.path() / "remote.git";
    const auto repo = dir.path() / "repo";
    git({"init", "-q", "--bare", "-b", "main", remote.string()});
    git({"init", "-q", "-b", "main", repo.string()});
    // 50 compose files of 10 images each: 500 components.
    for (int f = 0; f < components / 10; ++f) {
      std::string text = "services:\n";
      for (int s = 0; s < 10; ++s) {
        const int n = f * 10 + s;
        text += "  svc" + std::to_string(n) + ":\n    image: app" + std::to_string(n) + ":1.0.0\n";
      }
      dir.write("repo/stack" + std::to_string(f) + "/docker-compose.yml", text);
    }
    dir.write("repo/versiond.yaml",
              "forge:\n  repository: acme/platform\n  api_url: " + gh.base() +
                  "\n  token_env: BENCH_GH_TOKEN\n  git_remote: " + remote.string() +
                  "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n");
    git({"-C", repo.string(), "add", "-A"});
    git({"-C", repo.string(), "commit", "-q", "-m", "init"});
    git({"-C", repo.string(), "push", "-q", remote.string(), "main"});
    const auto bare = remote;
    gh.use_refs(
        [bare](const std::string& branch) -> std::optional<std::string> {
          auto r = test::run_process({git_binary(), "--git-dir", bare.string(), "rev-parse",
                                      "--verify", "-q", "refs/heads/" + branch});
          if (r.exit_code != 0) return std::nullopt;
          return r.out.substr(0, 40);
        },
        [bare](const std::string&) { return false; });
    {
      store::Store s(dir.path() / "state.db");
      store::ScanRecord r;
      r.scan.started_at = "2026-12-02T09:00:00Z";
      r.scan.finished_at = "2026-12-02T09:00:01Z";
      r.scan.repo = repo.string();
      r.scan.outcome = "completed";
      r.scan.components = components;
      for (int n = 0; n < components; ++n) {
        store::Observation o;
        o.name = "docker.io/library/app" + std::to_string(n);
        o.file = "stack" + std::to_string(n / 10) + "/docker-compose.yml";
        o.component_key = o.file + "|compose-image|" + o.name;
        o.kind = "compose-image";
        o.current = "1.0.0";
        o.datasource = "docker";
        o.package = o.name;
        o.status = "ok";
        if (n % (components / updates) == 0) {  // 60 updates, 5 per group
          const int k = n / (components / updates);
          o.updates = json::array({{{"target", "1.1.0"},
                                    {"update", "minor"},
                                    {"breaking", false},
                                    {"tier", "low"},
                                    {"action", "auto-pr"},
                                    {"group", "group" + std::to_string(k % groups)},
                                    {"labels", json::array()},
                                    {"rules", {"auto"}},
                                    {"reasons", {"a minor update."}},
                                    {"published", "2026-11-01"}}})
                          .dump();
        }
        r.observations.push_back(std::move(o));
      }
      s.record_scan(r);
    }
    auto apply = [&]() {
      const auto t0 = std::chrono::steady_clock::now();
      auto r =
          test::run_versiond({"apply", "--no-scan", "--repo", repo.string(), "--db",
                              (dir.path() / "state.db").string(), "--now", "2026-12-02T10:00:00Z",
                              "--write-interval-ms", interval, "--format", "json"},
                             {{"BENCH_GH_TOKEN", token}});
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      INFO(r.out << r.err);
      REQUIRE(r.exit_code == 0);
      Run out;
      out.seconds = secs;
      const json result = json::parse(r.out);
      for (const auto& w : result["writes"])
        if (w["method"] == "PUSH") ++out.pushes;
      out.rest_writes = gh.write_count();
      out.requests = gh.requests().size();
      gh.clear_requests();
      return out;
    };
    cold.push_back(apply());
    steady.push_back(apply());
    CHECK(gh.violations().empty());
    REQUIRE(gh.pulls().size() == static_cast<std::size_t>(groups));
  }
  auto report = [](const char* name, std::vector<Run> rs) {
    std::sort(rs.begin(), rs.end(),
              [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
    const Run& med = rs[rs.size() / 2];
    std::cout << name << ": wall " << med.seconds << " s (min " << rs.front().seconds << ", max "
              << rs.back().seconds << "), REST writes " << med.rest_writes << ", pushes "
              << med.pushes << ", requests " << med.requests << "\n";
  };
  std::cout << components << " components, " << updates << " auto-pr updates in " << groups
            << " groups, write interval " << interval << " ms, " << runs << " runs\n";
  report("cold  ", cold);
  report("steady", steady);
}
