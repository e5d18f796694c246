// The streaming Helm index parser on real indexes, small and large.
#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "versiond/sources/helm_index.hpp"

using namespace versiond;

TEST_CASE("the large index yields only the tracked charts", "[sources][helm]") {
  // grafana/helm-charts: 41 charts, 3,591 versions (counts taken with a YAML DOM loader).
  std::string yaml = test::read_fixture("upstream/helm/grafana-index.yaml");
  auto index = sources::parse_helm_index(yaml, {"loki", "tempo", "no-such-chart"});
  REQUIRE(index.ok());
  REQUIRE(index.charts.size() == 2);
  const auto& loki = index.charts.at("loki");
  REQUIRE(loki.size() == 344);
  CHECK(loki[0].version == "7.3.0");
  CHECK(loki[0].published == "2026-08-10T20:06:24.683655813Z");
  CHECK(loki[0].latest == "3.6.12");  // appVersion
  std::size_t pre = 0;
  for (const auto& r : loki) pre += r.prerelease ? 1 : 0;
  CHECK(pre == 7);  // 6.24.0-weekly.232 … 5.41.9-distributed
  CHECK(index.charts.at("tempo").size() == 104);
  CHECK(index.charts.count("grafana") == 0);
}

TEST_CASE("an empty chart set parses the index and materialises nothing", "[sources][helm]") {
  auto index =
      sources::parse_helm_index(test::read_fixture("upstream/helm/cloudnative-pg-index.yaml"), {});
  CHECK(index.ok());
  CHECK(index.charts.empty());
}

TEST_CASE("small indexes parse with every version", "[sources][helm]") {
  auto index =
      sources::parse_helm_index(test::read_fixture("upstream/helm/cloudnative-pg-index.yaml"),
                                {"cloudnative-pg", "cluster", "pgbench"});
  REQUIRE(index.ok());
  CHECK(index.charts.at("cloudnative-pg").size() == 46);
  CHECK(index.charts.at("cloudnative-pg")[0].version == "0.29.0");
  CHECK(index.charts.at("cluster").size() == 26);
  CHECK(index.charts.at("pgbench").size() == 1);
}

TEST_CASE("malformed or foreign YAML is an error with a line, not a crash", "[sources][helm]") {
  std::string yaml = test::read_fixture("upstream/helm/argo-helm-index-2019.yaml");
  SECTION("cut in the middle of a flow sequence") {
    auto cut = yaml.substr(0, yaml.size() / 2) + "\n  broken: [unclosed\n";
    auto index = sources::parse_helm_index(cut, {"argo-cd"});
    CHECK_FALSE(index.ok());
    REQUIRE(index.failure);
    CHECK(index.failure->kind == FailureKind::bad_response);
    CHECK(index.failure->message.rfind("line ", 0) == 0);
    CHECK(index.charts.empty());
  }
  SECTION("a JSON error document") {
    auto index = sources::parse_helm_index(R"({"message":"Not Found"})", {"argo-cd"});
    CHECK_FALSE(index.ok());
    REQUIRE(index.failure);
    CHECK(index.failure->message == "not a Helm repository index (no entries)");
    CHECK(index.charts.empty());
  }
  SECTION("a list, not a mapping") {
    auto index = sources::parse_helm_index("- a\n- b\n", {"argo-cd"});
    CHECK_FALSE(index.ok());
  }
  SECTION("empty input") { CHECK_FALSE(sources::parse_helm_index("", {"argo-cd"}).ok()); }
}
