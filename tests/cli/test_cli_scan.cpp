// `versiond scan` without an upstream: usage and configuration errors, and
// lookups that cannot reach anything fail fast with a reason per component.
// (The end-to-end runs against the fake upstream are in tests/scan.)
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

// A repository with one Terraform provider and one image; every endpoint of
// its configuration is a loopback port where nothing listens.
void write_unreachable_repo(const TempDir& repo) {
  repo.write("terraform/main.tf",
             "terraform {\n  required_providers {\n    azurerm = {\n      source  = "
             "\"hashicorp/azurerm\"\n      version = \"~> 4.78.0\"\n    }\n  }\n}\n");
  repo.write("k8s/nats.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nats\nspec:\n  template:\n"
             "    spec:\n      containers:\n        - name: nats\n          image: nats:2.10.22\n");
  const std::string dead = "http://127.0.0.1:1";
  repo.write("versiond.yaml", "endpoints:\n  terraform_registry: " + dead + "\n  docker_hub: " +
                                  dead + "\n  github_api: " + dead + "\n  endoflife: " + dead +
                                  "\n  docker_hub_api: " + dead + "\n  osv: " + dead +
                                  "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
                                  "  timeouts:\n    connect_ms: 500\n  max_retries: 0\n");
}

}  // namespace

TEST_CASE("scan --help documents its options and exit codes", "[cli][scan]") {
  const auto r = run_versiond({"scan", "--help"});
  CHECK(r.exit_code == 0);
  for (const char* option : {"--repo", "--config", "--db", "--format", "--offline"}) {
    CHECK(r.out.find(option) != std::string::npos);
  }
  CHECK(r.out.find("3 some lookups failed") != std::string::npos);
}

TEST_CASE("scan: bad options are usage errors (exit 2)", "[cli][scan]") {
  TempDir repo;
  CHECK(run_versiond({"scan", "--repo", repo.path().string(), "--format", "yaml"}).exit_code == 2);
  const auto missing = run_versiond({"scan", "--repo", (repo.path() / "nope").string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("is not a readable directory") != std::string::npos);
  const auto no_config =
      run_versiond({"scan", "--repo", repo.path().string(), "--config", "/nonexistent.yaml"});
  CHECK(no_config.exit_code == 2);
  CHECK(no_config.err.find("/nonexistent.yaml: configuration file does not exist") !=
        std::string::npos);
}

TEST_CASE("scan: a configuration error names file and line (exit 2)", "[cli][scan]") {
  TempDir repo;
  repo.write("versiond.yaml", "http:\n  concurrency:\n    totl: 4\n");
  const auto r = run_versiond({"scan", "--repo", repo.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "versiond: error: versiond.yaml:3: unknown key 'totl' in 'http.concurrency'\n");
  CHECK(r.out.empty());
  CHECK_FALSE(std::filesystem::exists(repo.path() / ".versiond"));
}

TEST_CASE("scan: unreachable upstreams fail fast per component (exit 3), inventory still shown",
          "[cli][scan]") {
  TempDir repo;
  write_unreachable_repo(repo);
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_versiond({"scan", "--repo", repo.path().string()});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("2 components, 2 lookups failed") != std::string::npos);
  CHECK(r.out.find("terraform/main.tf:5") != std::string::npos);
  CHECK(r.out.find("~> 4.78.0") != std::string::npos);
  CHECK(r.out.find("k8s/nats.yaml:10") != std::string::npos);
  CHECK(r.out.find("network: ") != std::string::npos);
  CHECK(r.out.find("127.0.0.1:1/") != std::string::npos);
  // The scan and its failures were recorded in the default store inside the repository.
  CHECK(std::filesystem::exists(repo.path() / ".versiond" / "versiond.db"));
}

TEST_CASE("scan: json output and an explicit --db", "[cli][scan]") {
  TempDir repo;
  write_unreachable_repo(repo);
  TempDir elsewhere;
  const auto db = elsewhere.path() / "state" / "v.db";
  const auto r = run_versiond(
      {"scan", "--repo", repo.path().string(), "--db", db.string(), "--format", "json"});
  CHECK(r.exit_code == 3);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report["scan"]["outcome"] == "partial");
  CHECK(report["scan"]["lookups_failed"] == 2);
  REQUIRE(report["components"].size() == 2);
  for (const auto& c : report["components"]) {
    CHECK(c["status"] == "failed");
    CHECK(c["reason"].get<std::string>().rfind("network: ", 0) == 0);
    CHECK(c["failure"]["kind"] == "network");
    CHECK(c["bump"].is_null());
  }
  CHECK(std::filesystem::exists(db));
  CHECK_FALSE(std::filesystem::exists(repo.path() / ".versiond"));
}

TEST_CASE("scan --offline needs a store and makes no request", "[cli][scan]") {
  TempDir repo;
  write_unreachable_repo(repo);
  const auto none = run_versiond({"scan", "--repo", repo.path().string(), "--offline"});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no store yet; run `versiond scan` without --offline first") !=
        std::string::npos);
  REQUIRE(run_versiond({"scan", "--repo", repo.path().string()}).exit_code == 3);
  const auto offline = run_versiond({"scan", "--repo", repo.path().string(), "--offline"});
  CHECK(offline.exit_code == 3);  // nothing was ever learnt about these packages
  CHECK(offline.out.find("Offline scan (from the store)") != std::string::npos);
  // What was recorded is reported as such: the online scan's failure, with its date.
  const auto offline_json = nlohmann::json::parse(
      run_versiond({"scan", "--repo", repo.path().string(), "--offline", "--format", "json"}).out);
  for (const auto& c : offline_json["components"]) {
    CHECK(c["status"] == "failed");
    CHECK_THAT(c["reason"].get<std::string>(), Catch::StartsWith("recorded by the scan of "));
    CHECK_THAT(c["reason"].get<std::string>(), Catch::Contains(": network: "));
  }
  CHECK(offline.out.find("offline: offline:") == std::string::npos);
  const auto plan =
      run_versiond({"scan", "--repo", repo.path().string(), "--offline", "--format", "markdown"});
  CHECK(plan.exit_code == 3);
  // Nothing could be looked up: the plan must not claim everything is current.
  CHECK(plan.out.find("No component could be looked up") != std::string::npos);
  CHECK(plan.out.find("is on its newest version") == std::string::npos);
}

TEST_CASE("scan: the default store never leaves the repository", "[cli][scan][security]") {
  TempDir repo;
  write_unreachable_repo(repo);
  TempDir outside;
  std::filesystem::create_directory_symlink(outside.path(), repo.path() / ".versiond");
  const auto r = run_versiond({"scan", "--repo", repo.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(".versiond leads outside the repository; use --db") != std::string::npos);
  CHECK(std::filesystem::is_empty(outside.path()));
}

TEST_CASE("scan: an unreadable file is a diagnostic, --strict exits 2", "[cli][scan][issue11]") {
  TempDir repo;
  repo.write("versiond.yaml", "http:\n  max_retries: 0\n");
  repo.write("deploy/app-values.yaml",
             "controller:\n  image: \"{{ .Values.image }}\"\n{{- if .Values.sidecar }}\n"
             "  sidecar:\n    image: {{ .Values.sidecar.image }}\n{{- end }}\n");
  const auto db = repo.path() / "state.db";
  const auto r = run_versiond(
      {"scan", "--repo", repo.path().string(), "--db", db.string(), "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 0);  // nothing to look up, nothing failed
  const auto report = nlohmann::json::parse(r.out);
  REQUIRE(report["errors"].size() == 1);
  CHECK(report["errors"][0].get<std::string>().rfind("deploy/app-values.yaml:4: ", 0) == 0);
  CHECK(report["inventory_errors"] == report["errors"]);
  CHECK(r.err.find("versiond: warning: deploy/app-values.yaml:4: ") != std::string::npos);
  const auto strict =
      run_versiond({"scan", "--repo", repo.path().string(), "--db", db.string(), "--strict"});
  CHECK(strict.exit_code == 2);
  CHECK(strict.err.find("versiond: error: deploy/app-values.yaml:4: ") != std::string::npos);
}
