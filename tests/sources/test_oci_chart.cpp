// Helm charts in OCI registries: the chart config blob (version, appVersion)
// behind a tag's manifest, its digest check and its decoding.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "sources/sources_test_support.hpp"
#include "support/helm_oci_chart.hpp"
#include "versiond/net/sha256.hpp"
#include "versiond/sources/oci_chart.hpp"

using namespace versiond;
using nlohmann::json;

namespace {

const std::string k_url = "https://ghcr.io/v2/charts/ingress-nginx/blobs/x";

std::string digest_of(const std::string& bytes) { return "sha256:" + net::sha256_hex(bytes); }

// The constructed ingress-nginx chart manifest with `edit` applied.
std::string manifest_with(const std::function<void(json&)>& edit) {
  json doc =
      json::parse(test::helm_chart_manifest("4.12.0", test::helm_chart_config("4.12.0", "1.12.0")));
  edit(doc);
  return doc.dump();
}

}  // namespace

TEST_CASE("decode_chart_manifest takes the Helm config descriptor's digest",
          "[sources][oci_chart]") {
  const std::string config = test::helm_chart_config("4.12.0", "1.12.0");
  const auto d = sources::decode_chart_manifest(test::helm_chart_manifest("4.12.0", config), k_url);
  REQUIRE_FALSE(d.failure);
  CHECK(d.digest == digest_of(config));
}

TEST_CASE("decode_chart_manifest names the field of a manifest it cannot use",
          "[sources][oci_chart]") {
  struct Case {
    std::string body;
    std::string names;
  };
  const std::vector<Case> cases{
      {"{not json", "malformed JSON"},
      {"[1,2]", "not a JSON object"},
      {manifest_with([](json& j) { j.erase("config"); }), "'config'"},
      {manifest_with([](json& j) { j["config"] = "sha256:abc"; }), "'config'"},
      {manifest_with([](json& j) { j["config"]["mediaType"] = 7; }), "'config.mediaType'"},
      // An image, not a chart: its config is an image config.
      {manifest_with(
           [](json& j) { j["config"]["mediaType"] = "application/vnd.oci.image.config.v1+json"; }),
       "'application/vnd.oci.image.config.v1+json'"},
      {manifest_with([](json& j) { j["config"]["digest"] = json::array(); }), "'config.digest'"},
      {manifest_with([](json& j) { j["config"]["digest"] = "md5:abc"; }), "'md5:abc'"},
      {manifest_with([](json& j) { j["config"]["digest"] = "sha256:ABC"; }), "'sha256:ABC'"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const auto d = sources::decode_chart_manifest(c.body, k_url);
    REQUIRE(d.failure);
    CHECK(d.failure->kind == FailureKind::bad_response);
    CHECK(d.failure->message.find(c.names) != std::string::npos);
    CHECK(d.failure->detail == k_url);
    CHECK(d.digest.empty());
  }
}

TEST_CASE("decode_chart_config checks the digest and reads version and appVersion",
          "[sources][oci_chart]") {
  const std::string config = test::helm_chart_config("4.12.0", "1.12.0");
  const auto c = sources::decode_chart_config(config, digest_of(config), k_url);
  REQUIRE(c.ok());
  CHECK(c.version == "4.12.0");
  CHECK(c.app_version == "1.12.0");
  CHECK(c.config_digest == digest_of(config));
}

TEST_CASE("decode_chart_config refuses a digest mismatch, wrong types and a missing appVersion",
          "[sources][oci_chart]") {
  const std::string config = test::helm_chart_config("4.12.0", "1.12.0");
  SECTION("digest mismatch: one byte more than the descriptor names") {
    const std::string served = config + " ";
    const auto c = sources::decode_chart_config(served, digest_of(config), k_url);
    REQUIRE(c.failure);
    CHECK(c.failure->kind == FailureKind::bad_response);
    CHECK(c.failure->message.find("digest is " + digest_of(served) + ", not " +
                                  digest_of(config)) != std::string::npos);
    CHECK(c.app_version.empty());
  }
  auto decoded = [](const std::function<void(json&)>& edit) {
    json doc = json::parse(test::helm_chart_config("4.12.0", "1.12.0"));
    edit(doc);
    const std::string body = doc.dump();
    return sources::decode_chart_config(body, digest_of(body), k_url);
  };
  SECTION("appVersion of the wrong type") {
    const auto c = decoded([](json& j) { j["appVersion"] = 1.12; });
    REQUIRE(c.failure);
    CHECK(c.failure->kind == FailureKind::bad_response);
    CHECK(c.failure->message.find("'appVersion' is 1.12") != std::string::npos);
    CHECK(c.app_version.empty());
  }
  SECTION("an empty appVersion") {
    const auto c = decoded([](json& j) { j["appVersion"] = ""; });
    REQUIRE(c.failure);
    CHECK(c.failure->message.find("'appVersion' is \"\"") != std::string::npos);
  }
  SECTION("no appVersion: not found, the version is still read") {
    const std::string body = test::helm_chart_config("4.12.0", "");
    const auto c = sources::decode_chart_config(body, digest_of(body), k_url);
    REQUIRE(c.failure);
    CHECK(c.failure->kind == FailureKind::not_found);
    CHECK(c.failure->message.find("'appVersion'") != std::string::npos);
    CHECK(c.version == "4.12.0");
  }
  SECTION("version missing or of the wrong type") {
    for (const json& v : {json(), json(4.12), json::array()}) {
      const auto c = decoded([&](json& j) {
        if (v.is_null()) {
          j.erase("version");
        } else {
          j["version"] = v;
        }
      });
      REQUIRE(c.failure);
      CHECK(c.failure->kind == FailureKind::bad_response);
      CHECK(c.failure->message.find("'version'") != std::string::npos);
    }
  }
  SECTION("not a JSON object") {
    for (const std::string body : {"[]", "{\"version\":", "\"1.0\""}) {
      const auto c = sources::decode_chart_config(body, digest_of(body), k_url);
      REQUIRE(c.failure);
      CHECK(c.failure->kind == FailureKind::bad_response);
    }
  }
}

TEST_CASE("oci_chart_ref and oci_chart_tag", "[sources][oci_chart]") {
  const auto ref =
      sources::oci_chart_ref({Datasource::helm, "ingress-nginx", "oci://GHCR.io/charts/"});
  REQUIRE(ref);
  CHECK(ref->registry == "ghcr.io");
  CHECK(ref->repository == "charts/ingress-nginx");
  const auto bare = sources::oci_chart_ref({Datasource::helm, "podinfo", "oci://ghcr.io"});
  REQUIRE(bare);
  CHECK(bare->repository == "podinfo");
  CHECK_FALSE(sources::oci_chart_ref({Datasource::helm, "podinfo", "https://charts.example/"}));
  CHECK_FALSE(sources::oci_chart_ref({Datasource::docker, "podinfo", "oci://ghcr.io"}));
  CHECK(sources::oci_chart_tag("6.5.1+build.7") == "6.5.1_build.7");
}

TEST_CASE("oci_chart_configs reads manifest and blob behind the registry token, two requests each",
          "[sources][oci_chart]") {
  test::FakeUpstream up;
  up.require_bearer("/v2/", "chart-token", "ghcr.io",
                    test::Reply{200, {}, R"({"token":"chart-token","expires_in":300})"});
  const auto v0 = test::serve_helm_chart_version(up, "charts/ingress-nginx", "4.12.0", "1.12.0");
  const auto v1 = test::serve_helm_chart_version(up, "charts/ingress-nginx", "4.12.1", "1.12.1");
  const auto none = test::serve_helm_chart_version(up, "charts/ingress-nginx", "4.0.0", "");
  const auto bad = test::serve_helm_chart_version(up, "charts/ingress-nginx", "4.12.2", "1.12.2",
                                                  R"({"version":"4.12.2","appVersion":"9.9.9"})");
  up.add("/v2/charts/ingress-nginx/manifests/4.99.0",
         test::Reply{404, {}, R"({"errors":[{"code":"MANIFEST_UNKNOWN"}]})"});
  auto endpoints = test::fake_endpoints(up);
  endpoints.registry_mirrors["ghcr.io"] = up.base();
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, endpoints, {});
  const sources::LookupKey key{Datasource::helm, "ingress-nginx", "oci://ghcr.io/charts"};
  const auto configs =
      lookups.oci_chart_configs(key, {"4.12.0", "4.12.1", "4.0.0", "4.12.2", "4.99.0", "../x"});
  REQUIRE(configs.size() == 6);
  REQUIRE(configs[0].ok());
  CHECK(configs[0].app_version == "1.12.0");
  CHECK(configs[0].version == "4.12.0");
  CHECK(configs[0].config_digest == digest_of(v0.config));
  CHECK(configs[0].manifest_digest.starts_with("sha256:"));
  CHECK(configs[1].app_version == "1.12.1");
  REQUIRE(configs[2].failure);
  CHECK(configs[2].failure->kind == FailureKind::not_found);
  CHECK(configs[2].version == "4.0.0");
  REQUIRE(configs[3].failure);
  CHECK(configs[3].failure->kind == FailureKind::bad_response);
  CHECK(configs[3].failure->message.find("digest") != std::string::npos);
  CHECK(configs[3].app_version.empty());
  REQUIRE(configs[4].failure);
  CHECK(configs[4].failure->kind == FailureKind::not_found);
  REQUIRE(configs[5].failure);
  CHECK(configs[5].failure->kind == FailureKind::unsupported);
  // One manifest and one blob per version read; none for the refused tag.
  for (const auto* s : {&v0, &v1, &none, &bad}) {
    CHECK(up.hits(s->manifest_path) >= 1);
    CHECK(up.hits(s->blob_path) >= 1);
  }
  const auto accept = up.header_values(v0.manifest_path, "Accept");
  REQUIRE_FALSE(accept.empty());
  CHECK(accept.back() == "application/vnd.oci.image.manifest.v1+json");
  std::size_t to_registry = 0;
  for (const auto& r : up.requests()) {
    if (r.find(" /v2/") != std::string::npos) ++to_registry;
  }
  // 5 manifests + 4 blobs, and the first request, which met the challenge:
  // the other workers wait for the registry's token service to be known.
  CHECK(up.hits("/token") == 1);
  CHECK(to_registry == 10);
}

TEST_CASE("oci_chart_configs offline or for a key that is not an OCI chart asks nothing",
          "[sources][oci_chart]") {
  test::FakeUpstream up;
  net::HttpClient client(test::fake_options());
  sources::Lookups offline(client, test::fake_endpoints(up), {}, {1, 20, true});
  const auto a = offline.oci_chart_configs({Datasource::helm, "x", "oci://ghcr.io/c"}, {"1.0.0"});
  REQUIRE(a.size() == 1);
  REQUIRE(a[0].failure);
  CHECK(a[0].failure->kind == FailureKind::offline);
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  const auto b =
      lookups.oci_chart_configs({Datasource::helm, "x", "https://charts.example"}, {"1.0.0"});
  REQUIRE(b.size() == 1);
  REQUIRE(b[0].failure);
  CHECK(b[0].failure->kind == FailureKind::unsupported);
  CHECK(up.total_hits() == 0);
}
