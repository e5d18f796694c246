// `versiond scan` and `versiond history` end to end: the real binary against
// the in-process fake upstream on 127.0.0.1.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "scan/scan_world.hpp"
#include "store/store_samples.hpp"
#include "support/process.hpp"
#include "versiond/store/store.hpp"

using versiond::test::run_versiond;
using versiond::test::ScanWorld;

namespace {

// A token-shaped secret that must never leave the process that reads it.
const std::string k_token = "ghp_PLANTEDversiondTESTtoken0123456789";

versiond::test::ProcessResult scan(const ScanWorld& world, const std::string& format) {
  return run_versiond({"scan", "--repo", world.repo.path().string(), "--format", format},
                      {{"VERSIOND_TEST_GITHUB_TOKEN", k_token}});
}

}  // namespace

TEST_CASE("cli scan: json report, exit 0, second scan answered by 304s", "[daemon][cli]") {
  ScanWorld world;
  world.write_config();
  const auto first = scan(world, "json");
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  const auto report = nlohmann::json::parse(first.out);
  CHECK(report["scan"]["outcome"] == "completed");
  CHECK(report["scan"]["not_modified"] == 0);
  REQUIRE(report["components"].size() == 5);
  bool saw_aws = false;
  for (const auto& c : report["components"]) {
    CHECK(c["status"] == "ok");
    if (c["package"] == "hashicorp/aws") {
      saw_aws = true;
      CHECK(c["current"] == "~> 2.6");
      CHECK(c["latest_in_range"] == "2.70.0");
      CHECK(c["latest_overall"] == "3.42.0");
      CHECK(c["bump"] == "major");
      CHECK(c["breaking"] == true);
    }
  }
  CHECK(saw_aws);

  const std::size_t sent = world.up.not_modified_sent();
  const auto second = scan(world, "json");
  REQUIRE(second.exit_code == 0);
  const auto again = nlohmann::json::parse(second.out);
  CHECK(again["scan"]["not_modified"] == versiond::test::k_etag_routes);
  CHECK(world.up.not_modified_sent() - sent == versiond::test::k_etag_routes);
  versiond::store::Store store(world.db());
  const auto counts = store.counts();
  CHECK(counts.scans == 2);
  CHECK(counts.observations == 5);  // no new rows: the second scan concluded the same
}

TEST_CASE("cli scan: the GitHub token is used but never printed, stored or taken from argv",
          "[daemon][cli][security]") {
  ScanWorld world;
  world.write_config();
  // A failing GitHub answer puts an upstream error text in the output and the store too.
  versiond::test::Fault fault;
  fault.reply.status = 502;
  fault.reply.body = "{\"message\":\"bad gateway\"}";
  world.up.inject("/repos/actions/checkout/releases", fault, 1);
  std::string all_output;
  for (const std::string format : {"text", "json", "markdown"}) {
    const auto r = scan(world, format);
    CHECK((r.exit_code == 0 || r.exit_code == 3));
    all_output += r.out + r.err;
  }
  // The token reached upstream…
  const auto auth = world.up.header_values("/repos/actions/checkout/releases", "Authorization");
  REQUIRE_FALSE(auth.empty());
  CHECK_THAT(auth.back(), Catch::Contains(k_token));
  // …and nowhere else.
  CHECK(all_output.find(k_token) == std::string::npos);
  for (const auto& file : std::filesystem::directory_iterator(world.repo.path() / ".versiond")) {
    INFO(file.path());
    CHECK(versiond::test::file_bytes(file.path()).find(k_token) == std::string::npos);
  }
  // There is no command-line way to pass a token.
  const auto argv =
      run_versiond({"scan", "--repo", world.repo.path().string(), "--token", k_token});
  CHECK(argv.exit_code == 2);
  CHECK_THAT(argv.err, Catch::Contains("--token"));
}

TEST_CASE("cli scan: failed lookups give exit 3 with the reason per component", "[daemon][cli]") {
  ScanWorld world;
  world.write_config();
  versiond::test::Fault fault;
  fault.reply.status = 404;
  fault.reply.body = "{\"message\":\"Not Found\"}";
  world.up.inject("/cnpg/index.yaml", fault, 3);
  const auto r = scan(world, "text");
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("1 lookups failed"));
  CHECK_THAT(r.out, Catch::Contains("not_found: HTTP 404 from"));
  CHECK_THAT(r.out, Catch::Contains("3.42.0"));  // the rest completed
}

TEST_CASE("cli scan: markdown is an Upgrade Plan table", "[daemon][cli]") {
  ScanWorld world;
  world.write_config();
  const auto r = scan(world, "markdown");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("| Component | Where | Current | In range | Newest | Bump |"));
  CHECK_THAT(r.out, Catch::Contains("| aws | `terraform/main.tf:5` | `~> 2.6` | 2.70.0 | 3.42.0 | "
                                    "major (breaking) |"));
  CHECK_THAT(r.out, Catch::Contains("kubernetes: end of life since 2025-02-28"));
}

TEST_CASE("cli scan: --offline answers from the store, history shows the timeline",
          "[daemon][cli]") {
  ScanWorld world;
  world.write_config();
  const auto none = run_versiond({"scan", "--repo", world.repo.path().string(), "--offline"});
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("no store yet"));
  REQUIRE(scan(world, "text").exit_code == 0);
  const std::size_t hits = world.up.total_hits();
  const auto offline =
      run_versiond({"scan", "--repo", world.repo.path().string(), "--offline", "--format", "json"});
  REQUIRE(offline.exit_code == 0);
  CHECK(world.up.total_hits() == hits);
  const auto report = nlohmann::json::parse(offline.out);
  CHECK(report["scan"]["offline"] == true);
  for (const auto& c : report["components"]) {
    CHECK(c["from_store"] == true);
  }

  // Bump the pin, scan again: history has both pins.
  world.repo.write("terraform/main.tf",
                   "terraform {\n  required_providers {\n    aws = {\n      source  = "
                   "\"hashicorp/aws\"\n      version = \"~> 3.42\"\n    }\n  }\n}\n");
  REQUIRE(scan(world, "text").exit_code == 0);
  const auto history = run_versiond({"history", "aws", "--repo", world.repo.path().string()});
  INFO(history.out << history.err);
  REQUIRE(history.exit_code == 0);
  CHECK_THAT(history.out, Catch::Contains("aws  (terraform/main.tf, hashicorp/aws)"));
  CHECK_THAT(history.out, Catch::Contains("~> 2.6  in range 2.70.0, newest 3.42.0"));
  CHECK_THAT(history.out, Catch::Contains("~> 3.42  in range 3.42.0, newest 3.42.0"));
  CHECK_THAT(history.out, Catch::Contains("up to date: pinned ~> 3.42"));
  CHECK_THAT(history.out, Catch::Contains("seen upstream (190 versions"));

  const auto json =
      run_versiond({"history", "--repo", world.repo.path().string(), "--format", "json"});
  REQUIRE(json.exit_code == 0);
  const auto all = nlohmann::json::parse(json.out);
  CHECK(all.size() == 5);
  for (const auto& c : all) {
    if (c["name"] == "cloudnative-pg") {
      CHECK(c["behind_since"] == "2026-06-29T17:32:57.517964988Z");
      CHECK(c["days_behind"].is_number());
    }
  }
  const auto unknown = run_versiond({"history", "redis", "--repo", world.repo.path().string()});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("no recorded component matches 'redis'"));
}

TEST_CASE("cli scan: -v logs every request with its status, time and cache use", "[scan][cli]") {
  ScanWorld world;
  world.write_config();
  const auto quiet = scan(world, "json");
  REQUIRE(quiet.exit_code == 0);
  CHECK(quiet.err.find("GET ") == std::string::npos);  // nothing without -v
  const auto loud =
      run_versiond({"-v", "scan", "--repo", world.repo.path().string(), "--format", "json"},
                   {{"VERSIOND_TEST_GITHUB_TOKEN", k_token}});
  INFO(loud.err);
  REQUIRE(loud.exit_code == 0);
  CHECK(nlohmann::json::parse(loud.out)["scan"]["outcome"] == "completed");  // stdout stays JSON
  // Second scan: the recorded ETags are revalidated, and the log says which came back 304.
  CHECK(loud.err.find("GET " + world.up.base() + "/repos/actions/checkout/releases") !=
        std::string::npos);
  CHECK(loud.err.find("-> 304") != std::string::npos);
  CHECK(loud.err.find(" ms (not modified: cached copy)") != std::string::npos);
  CHECK(loud.err.find(k_token) == std::string::npos);
}
