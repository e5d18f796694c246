// `versiond history` over stores written by `versiond scan`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/migrations.hpp"
#include "versiond/store/sqlite.hpp"

using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

void write_repo(const TempDir& repo, const std::string& image) {
  repo.write("k8s/app.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
             "    spec:\n      containers:\n        - name: app\n          image: " +
                 image + "\n");
  repo.write("versiond.yaml",
             "endpoints:\n  docker_hub: http://127.0.0.1:1\n  docker_hub_api: \"\"\nhttp:\n  "
             "allow_plain_http_hosts: "
             "[127.0.0.1]\n  max_retries: 0\n");
}

}  // namespace

TEST_CASE("history --help documents its arguments", "[cli][history]") {
  const auto r = run_versiond({"history", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("component") != std::string::npos);
  CHECK(r.out.find("--db") != std::string::npos);
  CHECK(r.out.find("--format") != std::string::npos);
}

TEST_CASE("history without a store is a usage error", "[cli][history]") {
  TempDir repo;
  const auto r = run_versiond({"history", "--repo", repo.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(".versiond/versiond.db: no store yet; run `versiond scan` first") !=
        std::string::npos);
  CHECK(run_versiond({"history", "--repo", repo.path().string(), "--format", "xml"}).exit_code ==
        2);
}

TEST_CASE("history lists each pin a component had, scan by scan", "[cli][history]") {
  TempDir repo;
  write_repo(repo, "redis:7.2.4");
  REQUIRE(run_versiond({"scan", "--repo", repo.path().string()}).exit_code == 3);
  REQUIRE(run_versiond({"scan", "--repo", repo.path().string()}).exit_code == 3);
  write_repo(repo, "redis:7.4.1");
  REQUIRE(run_versiond({"scan", "--repo", repo.path().string()}).exit_code == 3);

  const auto text = run_versiond({"history", "redis", "--repo", repo.path().string()});
  INFO(text.out << text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("docker.io/library/redis  (k8s/app.yaml, docker.io/library/redis)") !=
        std::string::npos);
  CHECK(text.out.find("  7.2.4  failed: network: ") != std::string::npos);
  CHECK(text.out.find("  7.4.1  failed: network: ") != std::string::npos);

  const auto json = run_versiond(
      {"history", "docker.io/library/redis", "--repo", repo.path().string(), "--format", "json"});
  REQUIRE(json.exit_code == 0);
  const auto all = nlohmann::json::parse(json.out);
  REQUIRE(all.size() == 1);
  const auto& changes = all[0]["changes"];
  REQUIRE(changes.size() == 2);  // three scans, two distinct pins
  CHECK(changes[0]["current"] == "7.2.4");
  CHECK(changes[0]["first_scan"] == 1);
  CHECK(changes[0]["last_scan"] == 2);
  CHECK(changes[1]["current"] == "7.4.1");
  CHECK(changes[1]["first_scan"] == 3);
  CHECK(all[0]["present"] == true);
  CHECK(all[0]["days_behind"].is_null());
}

TEST_CASE("history reads an older store without upgrading it", "[cli][history]") {
  TempDir repo;
  const auto db = repo.path() / ".versiond" / "versiond.db";
  std::filesystem::create_directories(db.parent_path());
  {
    versiond::store::Database old(db);
    versiond::store::migrate(old, 1);
  }
  const auto r = run_versiond({"history", "--repo", repo.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("versiond.db: store schema version 1 is older than this versiond's") !=
        std::string::npos);
  CHECK(versiond::store::Database(db).user_version() == 1);
}
