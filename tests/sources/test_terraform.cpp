// Terraform registry: service discovery, provider and module versions.
#include <catch2/catch.hpp>

#include "sources/sources_test_support.hpp"

using namespace versiond;

TEST_CASE("provider versions come through service discovery", "[sources][terraform]") {
  test::FakeUpstream up;
  up.load_vcr("upstream/terraform/vcr-providers-hashicorp-aws-versions.yml");
  up.load_vcr("upstream/terraform/vcr-modules-hashicorp-consul-aws-versions.yml");
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  // Run together, so both lookups want the discovery document at the same time.
  auto results = lookups.run({{Datasource::terraform_provider, "hashicorp/aws", ""},
                              {Datasource::terraform_module, "hashicorp/consul/aws", ""}});
  const auto& provider = results[0];
  REQUIRE(provider.ok());
  REQUIRE(provider.releases.size() == 190);
  CHECK(provider.releases.front().version == "1.25.0");
  CHECK(provider.releases.back().version == "3.42.0");
  CHECK(provider.releases.back()
            .notes_url.empty());  // a private (test) registry host has no docs page
  const auto& module = results[1];
  REQUIRE(module.ok());
  CHECK(module.releases.size() == 56);
  CHECK(module.releases.front().version == "0.7.10");
  // One discovery document per registry host, shared by concurrent and later lookups.
  auto later = lookups.lookup({Datasource::terraform_provider, "hashicorp/aws", ""});
  CHECK(later.ok());
  CHECK(up.hits("/.well-known/terraform.json") == 1);
}

TEST_CASE("a host in the address is mapped through registry mirrors", "[sources][terraform]") {
  test::FakeUpstream up;
  up.load_vcr("upstream/terraform/vcr-providers-hashicorp-aws-versions.yml");
  auto endpoints = test::fake_endpoints(up);
  endpoints.terraform_registry = "https://unused.invalid";
  endpoints.registry_mirrors["registry.terraform.io"] = up.base();
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, endpoints, {});
  auto r =
      lookups.lookup({Datasource::terraform_provider, "registry.terraform.io/hashicorp/aws", ""});
  CHECK(r.ok());
  CHECK(r.releases.size() == 190);
  CHECK(r.releases[0].notes_url == "https://registry.terraform.io/providers/hashicorp/aws/1.25.0");
}

TEST_CASE("unknown modules and bad addresses", "[sources][terraform]") {
  test::FakeUpstream up;
  up.load_vcr("upstream/terraform/vcr-module-versions-404.yml");
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto missing = lookups.lookup({Datasource::terraform_module, "does/not/exist", ""});
  CHECK(missing.failure_kind() == FailureKind::not_found);
  CHECK(missing.failure->message ==
        "HTTP 404 from " + up.base() + "/v1/modules/does/not/exist/versions");
  auto bad = lookups.lookup({Datasource::terraform_provider, "just-a-name", ""});
  CHECK(bad.failure_kind() == FailureKind::unsupported);
  // Discovery succeeds (recorded) but this provider's versions were never recorded: 404.
  up.not_found("/v1/providers/hashicorp/aws/versions");
  auto unrecorded = lookups.lookup({Datasource::terraform_provider, "hashicorp/aws", ""});
  CHECK(unrecorded.failure_kind() == FailureKind::not_found);
}
