// Lookups as the scan uses it: many keys, deduplicated, concurrent, failures as values.
#include <catch2/catch.hpp>

#include "sources/sources_test_support.hpp"

using namespace versiond;

TEST_CASE("run answers every key in input order and asks once per unique key",
          "[sources][lookups]") {
  test::FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.load_vcr("upstream/terraform/vcr-providers-hashicorp-aws-versions.yml");
  up.add_file("/api/kubernetes.json", "upstream/endoflife/kubernetes.json");
  up.add_file("/v2/library/ubuntu/tags/list", "upstream/oci/tags-list-library-ubuntu.json");
  up.add("/v2/namespaces/library/repositories/ubuntu",
         test::Reply{200, {}, R"({"name":"ubuntu","last_updated":"2026-11-20T10:00:00Z"})"});
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  std::vector<sources::LookupKey> keys = {
      {Datasource::github_releases, "actions/checkout", ""},
      {Datasource::terraform_provider, "hashicorp/aws", ""},
      {Datasource::endoflife, "kubernetes", ""},
      {Datasource::docker, "ubuntu", ""},
      {Datasource::github_releases, "actions/checkout", ""},
      {Datasource::none, "rails", ""},
  };
  auto results = lookups.run(keys);
  REQUIRE(results.size() == keys.size());
  CHECK(results[0].ok());
  CHECK(results[0].releases.size() == 6);
  CHECK(results[1].releases.size() == 190);
  CHECK(results[2].releases.size() == 5);
  CHECK(results[3].releases.size() == 223);
  CHECK(results[4].releases.size() == 6);
  CHECK(results[5].failure_kind() == FailureKind::unsupported);
  CHECK(results[5].failure->message == "no upstream source for 'rails'");
  CHECK(up.hits("/repos/actions/checkout/releases") == 1);
}

TEST_CASE("offline answers without touching the network", "[sources][lookups]") {
  test::FakeUpstream up;
  net::HttpClient client(test::fake_options());
  sources::LookupOptions options;
  options.offline = true;
  sources::Lookups lookups(client, test::fake_endpoints(up), {}, options);
  auto results =
      lookups.run({{Datasource::github_releases, "a/b", ""}, {Datasource::helm, "x", up.base()}});
  for (const auto& r : results) CHECK(r.failure_kind() == FailureKind::offline);
  CHECK(up.total_hits() == 0);
}

TEST_CASE("an unreachable upstream fails fast per lookup, never hangs", "[sources][lookups]") {
  auto options = test::fake_options();
  options.max_retries = 1;
  net::HttpClient client(options);
  sources::Endpoints endpoints;
  std::string dead = "http://127.0.0.1:" + std::to_string(test::FakeUpstream::closed_port());
  endpoints.github_api = endpoints.terraform_registry = endpoints.endoflife = endpoints.docker_hub =
      dead;
  sources::Lookups lookups(client, endpoints, {});
  auto start = std::chrono::steady_clock::now();
  auto results = lookups.run({{Datasource::github_releases, "a/b", ""},
                              {Datasource::terraform_provider, "h/aws", ""},
                              {Datasource::endoflife, "kubernetes", ""},
                              {Datasource::docker, "nginx", ""},
                              {Datasource::helm, "x", dead + "/charts"}});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  for (const auto& r : results) {
    CHECK(r.failure_kind() == FailureKind::network);
    CHECK(r.failure->message.find(dead) != std::string::npos);
  }
}

TEST_CASE("a slow upstream is reported as a timeout", "[sources][lookups]") {
  test::FakeUpstream up;
  up.add_file("/api/kubernetes.json", "upstream/endoflife/kubernetes.json");
  test::Fault slow;
  slow.kind = test::Fault::Kind::slow;
  slow.delay = std::chrono::milliseconds(2000);
  up.inject("/api/kubernetes.json", slow, 3);
  auto options = test::fake_options();
  options.total_timeout = std::chrono::milliseconds(200);
  options.max_retries = 0;
  net::HttpClient client(options);
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto r = lookups.lookup({Datasource::endoflife, "kubernetes", ""});
  CHECK(r.failure_kind() == FailureKind::timeout);
  CHECK(r.failure->message.find("/api/kubernetes.json") != std::string::npos);
}
