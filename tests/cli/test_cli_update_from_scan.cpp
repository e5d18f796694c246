// versiond update --from-scan: the auto-pr updates of the last recorded scan.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/store.hpp"

namespace fs = std::filesystem;
using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* const k_manifest =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: nats\n"
    "          image: nats:2.10.24\n";
const char* const k_dockerfile = "FROM alpine:3.19\nRUN echo hi\n";
const char* const k_main_tf =
    "terraform {\n"
    "  required_providers {\n"
    "    azurerm = {\n"
    "      source  = \"hashicorp/azurerm\"\n"
    "      version = \"~> 4.78.0\"\n"
    "    }\n"
    "  }\n"
    "}\n";

void make_repo(const TempDir& dir) {
  dir.write("VERSIONS.md",
            "# Versions\n"
            "\n"
            "| Component | Current | Last updated | Location |\n"
            "|---|---|---|---|\n"
            "| **NATS Server** | `v2.10.24` | 2025-01-02 | `k8s/nats.yaml` |\n"
            "| **Alpine** | `3.19` | 2025-01-02 | `docker/Dockerfile` |\n"
            "| **AzureRM provider** | `~> 4.78.0` | 2025-01-02 | `tf/main.tf` |\n");
  dir.write("k8s/nats.yaml", k_manifest);
  dir.write("docker/Dockerfile", k_dockerfile);
  dir.write("tf/main.tf", k_main_tf);
}

std::string update_json(const std::string& target, const std::string& update,
                        const std::string& action, const std::string& extra = {}) {
  return R"({"target":")" + target + R"(","update":")" + update + R"(","breaking":false,)" +
         R"("tier":"low","action":")" + action + R"(","group":"","labels":[],"rules":[],)" +
         R"("reasons":[],"published":"")" + extra + "}";
}

versiond::store::Observation observed(const std::string& name, const std::string& kind,
                                      const std::string& file, const std::string& current,
                                      const std::string& package, const std::string& updates) {
  versiond::store::Observation o;
  o.component_key = file + "|" + kind + "|" + package + "|" + name;
  o.name = name;
  o.kind = kind;
  o.file = file;
  o.current = current;
  o.package = package;
  o.status = "ok";
  o.updates = updates;
  return o;
}

// A store holding one scan: nats has an auto-pr patch (and a major to plan),
// alpine a minor to plan, azurerm an auto-pr minor.
fs::path record_scan(const TempDir& dir, const std::string& azurerm_extra = {}) {
  const fs::path db = dir.path() / "state" / "versiond.db";
  versiond::store::Store store(db);
  versiond::store::ScanRecord record;
  record.scan.started_at = "2026-12-01T10:00:00Z";
  record.scan.finished_at = "2026-12-01T10:00:05Z";
  record.scan.repo = dir.path().string();
  record.scan.outcome = "completed";
  record.scan.components = 3;
  record.observations = {
      observed("docker.io/library/nats", "k8s-image", "k8s/nats.yaml", "2.10.24",
               "docker.io/library/nats",
               "[" + update_json("2.10.26", "patch", "auto-pr") + "," +
                   update_json("3.0.0", "major", "plan") + "]"),
      observed("docker.io/library/alpine", "dockerfile-image", "docker/Dockerfile", "3.19",
               "docker.io/library/alpine", "[" + update_json("3.20", "minor", "plan") + "]"),
      observed("azurerm", "terraform-provider", "tf/main.tf", "~> 4.78.0", "hashicorp/azurerm",
               "[" + update_json("4.79.2", "minor", "auto-pr", azurerm_extra) + "]"),
  };
  store.record_scan(record);
  return db;
}

}  // namespace

TEST_CASE("update --from-scan applies only the auto-pr updates, check stays clean",
          "[cli][update][from-scan]") {
  TempDir dir;
  make_repo(dir);
  const fs::path db = record_scan(dir);
  const auto r = run_versiond({"update", "--repo", dir.path().string(), "--from-scan", "--db",
                               db.string(), "--now", "2026-12-06"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(dir.path() / "k8s/nats.yaml").find("image: nats:2.10.26\n") != std::string::npos);
  CHECK(slurp(dir.path() / "tf/main.tf").find("version = \"~> 4.79.0\"") != std::string::npos);
  CHECK(slurp(dir.path() / "docker/Dockerfile") == k_dockerfile);  // plan: untouched
  const std::string table = slurp(dir.path() / "VERSIONS.md");
  CHECK(table.find("| **NATS Server** | `v2.10.26` | 2026-12-06 |") != std::string::npos);
  CHECK(table.find("| **Alpine** | `3.19` | 2025-01-02 |") != std::string::npos);
  const auto check = run_versiond({"check", "--repo", dir.path().string()});
  INFO(check.out);
  CHECK(check.exit_code == 0);
}

TEST_CASE("update --from-scan --only narrows by name or package", "[cli][update][from-scan]") {
  TempDir dir;
  make_repo(dir);
  const fs::path db = record_scan(dir);
  const auto r = run_versiond({"update", "--repo", dir.path().string(), "--from-scan", "--only",
                               "hashicorp/*", "--db", db.string(), "--now", "2026-12-06"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(dir.path() / "k8s/nats.yaml") == k_manifest);
  CHECK(slurp(dir.path() / "tf/main.tf").find("version = \"~> 4.79.0\"") != std::string::npos);

  const auto none = run_versiond({"update", "--repo", dir.path().string(), "--from-scan", "--only",
                                  "*/alpine", "--db", db.string()});
  CHECK(none.exit_code == 0);
  CHECK(none.out == "nothing to change\n");
  CHECK(slurp(dir.path() / "docker/Dockerfile") == k_dockerfile);
}

TEST_CASE("update --from-scan reads <repo>/.versiond/versiond.db by default",
          "[cli][update][from-scan]") {
  TempDir dir;
  make_repo(dir);
  const fs::path db = record_scan(dir);
  fs::create_directories(dir.path() / ".versiond");
  fs::copy_file(db, dir.path() / ".versiond" / "versiond.db");
  const auto r = run_versiond(
      {"update", "--repo", dir.path().string(), "--from-scan", "--dry-run", "--now", "2026-12-06"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("+          image: nats:2.10.26") != std::string::npos);
  CHECK(slurp(dir.path() / "k8s/nats.yaml") == k_manifest);  // dry run
}

TEST_CASE("update --from-scan without a recorded scan exits 2", "[cli][update][from-scan]") {
  TempDir dir;
  make_repo(dir);
  const auto missing = run_versiond({"update", "--repo", dir.path().string(), "--from-scan"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no recorded scan") != std::string::npos);

  const fs::path empty = dir.path() / "empty.db";
  { versiond::store::Store store(empty); }
  const auto no_scan = run_versiond(
      {"update", "--repo", dir.path().string(), "--from-scan", "--db", empty.string()});
  CHECK(no_scan.exit_code == 2);
  CHECK(no_scan.err.find("no recorded scan") != std::string::npos);

  // Neither or both of --set and --from-scan; --only without --from-scan.
  CHECK(run_versiond({"update", "--repo", dir.path().string()}).exit_code == 2);
  CHECK(
      run_versiond({"update", "--repo", dir.path().string(), "--from-scan", "--set", "nats=2.11.0"})
          .exit_code == 2);
  CHECK(run_versiond(
            {"update", "--repo", dir.path().string(), "--set", "nats=2.11.0", "--only", "nats"})
            .exit_code == 2);
  CHECK(slurp(dir.path() / "k8s/nats.yaml") == k_manifest);
}

TEST_CASE("update --from-scan: a rule's range_strategy wins over --range-strategy",
          "[cli][update][from-scan]") {
  TempDir dir;
  make_repo(dir);
  const fs::path db = record_scan(dir, R"(,"range_strategy":"pin")");
  const auto r = run_versiond({"update", "--repo", dir.path().string(), "--from-scan", "--db",
                               db.string(), "--range-strategy", "bump", "--now", "2026-12-06"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(dir.path() / "tf/main.tf").find("      version = \"4.79.2\"\n") != std::string::npos);
  CHECK(
      slurp(dir.path() / "VERSIONS.md").find("| **AzureRM provider** | `4.79.2` | 2026-12-06 |") !=
      std::string::npos);
  // Updates without one take --range-strategy: nats is an exact pin either way.
  CHECK(slurp(dir.path() / "k8s/nats.yaml").find("image: nats:2.10.26\n") != std::string::npos);
  const auto check = run_versiond({"check", "--repo", dir.path().string()});
  INFO(check.out);
  CHECK(check.exit_code == 0);
}

TEST_CASE("update --from-scan: --range-strategy applies when the policy sets none",
          "[cli][update][from-scan]") {
  TempDir dir;
  make_repo(dir);
  const fs::path db = record_scan(dir);
  const auto r = run_versiond({"update", "--repo", dir.path().string(), "--from-scan", "--db",
                               db.string(), "--range-strategy", "bump", "--now", "2026-12-06"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(dir.path() / "tf/main.tf").find("      version = \"~> 4.79.2\"\n") !=
        std::string::npos);
}
