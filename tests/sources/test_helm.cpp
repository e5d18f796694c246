// Helm repositories through Lookups: one download and parse per repository.
#include <catch2/catch.hpp>

#include "sources/sources_test_support.hpp"
#include "support/temp_dir.hpp"

using namespace versiond;

namespace {

test::Reply index_reply(const std::string& fixture, const std::string& etag) {
  test::Reply r;
  r.body = test::read_fixture(fixture);
  r.content_type = "application/x-yaml";
  r.headers = {{"ETag", etag}};
  return r;
}

}  // namespace

TEST_CASE("charts sharing a repository cost one index download", "[sources][helm]") {
  test::FakeUpstream up;
  up.add("/grafana/index.yaml", index_reply("upstream/helm/grafana-index.yaml", "\"g1\""));
  up.add("/cnpg/index.yaml", index_reply("upstream/helm/cloudnative-pg-index.yaml", "\"c1\""));
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  std::string grafana = up.base() + "/grafana";
  std::string cnpg = up.base() + "/cnpg/";
  std::vector<sources::LookupKey> keys = {
      {Datasource::helm, "loki", grafana},        {Datasource::helm, "cloudnative-pg", cnpg},
      {Datasource::helm, "tempo", grafana},       {Datasource::helm, "loki", grafana},
      {Datasource::helm, "not-a-chart", grafana}, {Datasource::helm, "tempo", grafana + "/"}};
  auto results = lookups.run(keys);
  REQUIRE(results.size() == keys.size());
  CHECK(results[0].ok());
  CHECK(results[0].releases.size() == 344);
  CHECK(results[1].releases.size() == 46);
  CHECK(results[2].releases.size() == 104);
  CHECK(results[3].releases.size() == 344);
  CHECK(results[4].failure_kind() == FailureKind::not_found);
  CHECK(results[4].failure->message == "chart not-a-chart not in " + grafana + "/index.yaml");
  CHECK(results[5].releases.size() == 104);
  CHECK(up.hits("/grafana/index.yaml") == 1);
  CHECK(up.hits("/cnpg/index.yaml") == 1);
}

TEST_CASE("an unchanged index is revalidated with a 304 on the next run", "[sources][helm]") {
  test::FakeUpstream up;
  up.add("/grafana/index.yaml", index_reply("upstream/helm/grafana-index.yaml", "\"g1\""));
  auto cache = std::make_shared<net::MemoryHttpCache>();
  net::HttpClient client(test::fake_options(), cache);
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  std::vector<sources::LookupKey> keys = {{Datasource::helm, "loki", up.base() + "/grafana"}};
  auto first = lookups.run(keys);
  auto second = lookups.run(keys);
  CHECK(second[0].ok());
  CHECK(second[0].releases.size() == first[0].releases.size());
  CHECK(up.not_modified_sent() == 1);
  CHECK(client.counters().not_modified == 1);
}

TEST_CASE("Helm repository mirrors replace the URL prefix", "[sources][helm]") {
  test::FakeUpstream up;
  up.add("/mirror/cnpg/index.yaml",
         index_reply("upstream/helm/cloudnative-pg-index.yaml", "\"c1\""));
  auto endpoints = test::fake_endpoints(up);
  endpoints.helm_repositories["https://cloudnative-pg.github.io/charts"] =
      up.base() + "/mirror/cnpg";
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, endpoints, {});
  auto r = lookups.lookup({Datasource::helm, "cluster", "https://cloudnative-pg.github.io/charts"});
  CHECK(r.ok());
  CHECK(r.releases.size() == 26);
}

TEST_CASE("broken Helm indexes fail every chart of the repository with a reason",
          "[sources][helm]") {
  test::FakeUpstream up;
  up.add("/argo/index.yaml", index_reply("upstream/helm/argo-helm-index-2019.yaml", "\"a1\""));
  auto options = test::fake_options();
  options.max_retries = 0;
  net::HttpClient client(options);
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  std::vector<sources::LookupKey> keys = {{Datasource::helm, "argo", up.base() + "/argo"},
                                          {Datasource::helm, "argo-cd", up.base() + "/argo"}};
  SECTION("malformed YAML") {
    test::Fault f;
    f.kind = test::Fault::Kind::malformed;
    f.reply.body = "apiVersion: v1\nentries:\n  argo:\n  - version: [0.5.3\n";
    up.inject("/argo/index.yaml", f);
    auto results = lookups.run(keys);
    for (const auto& r : results) {
      CHECK(r.failure_kind() == FailureKind::bad_response);
      CHECK(r.failure->message.rfind("malformed Helm index (line ", 0) == 0);
    }
  }
  SECTION("truncated download") {
    test::Fault f;
    f.kind = test::Fault::Kind::truncate;
    up.inject("/argo/index.yaml", f);
    auto results = lookups.run(keys);
    for (const auto& r : results) CHECK(r.failure_kind() == FailureKind::network);
  }
  SECTION("no repository URL") {
    auto r = lookups.lookup({Datasource::helm, "argo", ""});
    CHECK(r.failure_kind() == FailureKind::unsupported);
  }
  CHECK(up.hits("/argo/index.yaml") <= 1);
}
