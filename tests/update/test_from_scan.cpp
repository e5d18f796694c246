#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/store/store.hpp"
#include "versiond/update/from_scan.hpp"

using versiond::Error;
using versiond::store::Observation;
using versiond::update::auto_pr_requests;

namespace {

Observation observed(const std::string& name, const std::string& package, const std::string& file,
                     const std::string& updates) {
  Observation o;
  o.component_key = file + "|k8s-image|" + package + "|" + name;
  o.name = name;
  o.kind = "k8s-image";
  o.file = file;
  o.current = "1.0.0";
  o.package = package;
  o.status = "ok";
  o.updates = updates;
  return o;
}

std::string update_json(const std::string& target, const std::string& update,
                        const std::string& action) {
  return R"({"target":")" + target + R"(","update":")" + update + R"(","tier":"low","action":")" +
         action + R"(","group":""})";
}

}  // namespace

TEST_CASE("from-scan keeps only auto-pr updates, one per component in its file",
          "[update][from-scan]") {
  const std::vector<Observation> obs = {
      observed("nats", "docker.io/library/nats", "k8s/nats.yaml",
               "[" + update_json("2.10.25", "patch", "auto-pr") + "," +
                   update_json("3.0.0", "major", "plan") + "]"),
      observed("alpine", "docker.io/library/alpine", "docker/Dockerfile",
               "[" + update_json("3.20", "minor", "plan") + "]"),
      observed("redis", "docker.io/library/redis", "k8s/redis.yaml", ""),
      observed("box", "docker.io/natsio/nats-box", "k8s/nats.yaml",
               "[" + update_json("0.14.6", "patch", "auto-pr") + "," +
                   update_json("1.0.0", "major", "auto-pr") + "]"),
  };
  const auto r = auto_pr_requests(obs);
  REQUIRE(r.size() == 2);
  CHECK(r[0].selector == "nats");
  CHECK(r[0].version == "2.10.25");
  CHECK(r[0].file == "k8s/nats.yaml");
  // Both auto-pr: the newest (the major comes last).
  CHECK(r[1].selector == "box");
  CHECK(r[1].version == "1.0.0");

  SECTION("--only narrows by name (any case) or package") {
    const auto by_name = auto_pr_requests(obs, {"NATS*"});
    REQUIRE(by_name.size() == 1);
    CHECK(by_name[0].selector == "nats");
    const auto by_package = auto_pr_requests(obs, {"docker.io/natsio/*"});
    REQUIRE(by_package.size() == 1);
    CHECK(by_package[0].selector == "box");
    CHECK(auto_pr_requests(obs, {"alpine"}).empty());  // plan only
    CHECK(auto_pr_requests(obs, {"nothing", "box"}).size() == 1);
  }
}

TEST_CASE("from-scan refuses updates that are not the recorded JSON", "[update][from-scan]") {
  CHECK_THROWS_AS(auto_pr_requests({observed("nats", "p", "f", "{not json")}), Error);
  CHECK_THROWS_AS(auto_pr_requests({observed("nats", "p", "f", R"({"target":"1"})")}), Error);
  CHECK_THROWS_AS(auto_pr_requests({observed("nats", "p", "f", R"([{"target":"1"}])")}), Error);
}

TEST_CASE("from-scan carries the policy's range_strategy into the request", "[update][from-scan]") {
  const std::string pinned =
      R"([{"target":"4.79.2","update":"minor","action":"auto-pr","range_strategy":"pin"}])";
  const auto r = auto_pr_requests(
      {observed("azurerm", "hashicorp/azurerm", "tf/main.tf", pinned),
       observed("nats", "p", "f", "[" + update_json("2.0.0", "major", "auto-pr") + "]")});
  REQUIRE(r.size() == 2);
  CHECK(r[0].strategy == versiond::update::RangeStrategy::pin);
  CHECK_FALSE(r[1].strategy);
  const std::string bad =
      R"([{"target":"4.79.2","update":"minor","action":"auto-pr","range_strategy":"exact"}])";
  CHECK_THROWS_AS(auto_pr_requests({observed("azurerm", "p", "f", bad)}), Error);
}

TEST_CASE("from-scan without a recorded scan is a usage error", "[update][from-scan]") {
  versiond::test::TempDir dir;
  versiond::store::Store store(dir.path() / "versiond.db");
  try {
    auto_pr_requests(store);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == versiond::ErrorKind::usage);
    CHECK(std::string(e.what()).find("no recorded scan") != std::string::npos);
  }
}
