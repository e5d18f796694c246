// OCI/Docker registries: tags/list, pagination, anonymous bearer tokens, name normalisation.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sources/sources_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/versioning/scheme.hpp"

using namespace versiond;

namespace {

// The real (expired, anonymous) Docker Hub token response of the capture.
test::Reply token_reply(std::string& token) {
  std::string capture = test::read_fixture("upstream/oci/dockerhub-02-token-anonymous.http");
  std::string body = capture.substr(capture.find("\n{") + 1);
  while (!body.empty() && body.back() == '\n') body.pop_back();
  token = nlohmann::json::parse(body)["token"];
  return test::Reply{200, {}, body, "application/json"};
}

// Docker Hub's token flow in front of the recorded library/ubuntu tags; returns the token.
std::string serve_ubuntu_behind_token(test::FakeUpstream& up) {
  std::string token;
  auto reply = token_reply(token);
  up.require_bearer("/v2/", token, "registry.docker.io", reply);
  up.add_file("/v2/library/ubuntu/tags/list", "upstream/oci/tags-list-library-ubuntu.json");
  return token;
}

void serve_dotnet_pages(test::FakeUpstream& up) {
  test::Reply page1;
  page1.body = test::read_fixture("upstream/oci/tags-list-microsoft-dotnet-page1.json");
  // Same shape as the recorded Docker Hub header (pagination-headers-next-link.json),
  // in the relative form the distribution spec uses.
  page1.headers = {
      {"Link", "</v2/microsoft/dotnet/tags/list?last=1.0.5-core&n=1000>; rel=\"next\""}};
  up.add("/v2/microsoft/dotnet/tags/list?n=1000", page1);
  up.add_file("/v2/microsoft/dotnet/tags/list?last=1.0.5-core&n=1000",
              "upstream/oci/tags-list-microsoft-dotnet-page2.json");
}

}  // namespace

TEST_CASE("Docker Hub names are normalised to library/ and the token flow is followed",
          "[sources][oci]") {
  test::FakeUpstream up;
  const std::string token = serve_ubuntu_behind_token(up);
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  for (const char* name :
       {"ubuntu", "docker.io/ubuntu", "docker.io/library/ubuntu", "index.docker.io/ubuntu",
        "ubuntu:17.10", "ubuntu:17.10@sha256:0123abcd"}) {
    auto r = lookups.lookup({Datasource::docker, name, ""});
    INFO(name);
    REQUIRE(r.ok());
    CHECK(r.releases.size() == 223);
    CHECK(r.releases.back().version == "zesty");
  }
  // The first lookup met a 401 and fetched one token; the others sent it straight away.
  CHECK(up.hits("/token") == 1);
  auto scopes = up.header_values("/token", "Authorization");
  CHECK(scopes.empty());  // token requests are anonymous
  CHECK(up.hits("/v2/library/ubuntu/tags/list") == 7);
}

TEST_CASE("tags/list pages are followed through Link headers with one token", "[sources][oci]") {
  test::FakeUpstream up;
  std::string token;
  auto reply = token_reply(token);
  up.require_bearer("/v2/", token, "registry.docker.io", reply);
  serve_dotnet_pages(up);
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto r = lookups.lookup({Datasource::docker, "microsoft/dotnet", ""});
  REQUIRE(r.ok());
  CHECK(r.releases.size() == 183 + 831);
  CHECK(r.releases.back().version == "windowsservercore");
  CHECK(up.hits("/token") == 1);
}

TEST_CASE("a second repository on a known registry asks for its token without a 401 first",
          "[sources][oci]") {
  test::FakeUpstream up;
  const std::string token = serve_ubuntu_behind_token(up);
  serve_dotnet_pages(up);
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  REQUIRE(lookups.lookup({Datasource::docker, "ubuntu", ""}).ok());
  REQUIRE(lookups.lookup({Datasource::docker, "microsoft/dotnet", ""}).ok());
  // One token per repository scope; the first repository met the challenge once.
  CHECK(up.hits("/token") == 2);
  CHECK(up.hits("/v2/library/ubuntu/tags/list") == 2);    // 401, then with the token
  CHECK(up.hits("/v2/microsoft/dotnet/tags/list") == 2);  // two pages, both authorised
  for (const auto& auth : up.header_values("/v2/microsoft/dotnet/tags/list", "Authorization")) {
    CHECK(auth == "Bearer " + token);
  }
}

TEST_CASE("concurrent lookups of a new registry meet its challenge once", "[sources][oci]") {
  test::FakeUpstream up;
  const std::string token = serve_ubuntu_behind_token(up);
  serve_dotnet_pages(up);
  up.set_latency(std::chrono::milliseconds(20));  // keep the lookups in flight together
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto results = lookups.run(
      {{Datasource::docker, "ubuntu", ""}, {Datasource::docker, "microsoft/dotnet", ""}});
  REQUIRE(results.size() == 2);
  CHECK(results[0].ok());
  CHECK(results[1].ok());
  // 1 challenged + 1 authorised ubuntu request, 2 authorised dotnet pages.
  CHECK(up.hits("/v2/library/ubuntu/tags/list") + up.hits("/v2/microsoft/dotnet/tags/list") == 4);
  CHECK(up.hits("/token") == 2);
}

TEST_CASE("registry mirrors and Helm charts in OCI registries", "[sources][oci]") {
  test::FakeUpstream up;
  up.add_file("/v2/org/app/tags/list", "upstream/oci/tags-list-library-ubuntu.json");
  // Helm pushes SemVer build metadata with '_' because OCI tags cannot hold '+'.
  up.add("/v2/charts/podinfo/tags/list",
         test::Reply{200,
                     {},
                     R"({"name":"charts/podinfo","tags":["6.5.0","6.5.1_build.7","6.6.0-rc.1"]})",
                     "application/json"});
  auto endpoints = test::fake_endpoints(up);
  endpoints.docker_hub = "https://unused.invalid";
  endpoints.registry_mirrors["ghcr.io"] = up.base();
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, endpoints, {});
  auto image = lookups.lookup({Datasource::docker, "ghcr.io/org/app", ""});
  CHECK(image.ok());
  CHECK(image.releases.size() == 223);
  // The extractor records the image's own registry as registry_url; a configured
  // mirror for that registry still wins.
  auto inferred = lookups.lookup({Datasource::docker, "ghcr.io/org/app:1.0", "https://ghcr.io"});
  CHECK(inferred.ok());
  CHECK(inferred.releases.size() == 223);
  auto chart = lookups.lookup({Datasource::helm, "podinfo", "oci://ghcr.io/charts"});
  REQUIRE(chart.ok());
  REQUIRE(chart.releases.size() == 3);
  CHECK(chart.releases[1].version == "6.5.1+build.7");
  CHECK_FALSE(chart.releases[1].prerelease);
  CHECK(chart.releases[2].prerelease);
}

TEST_CASE("token endpoint failures and bad names", "[sources][oci]") {
  test::FakeUpstream up;
  up.require_bearer("/v2/", "expected-token", "registry.docker.io",
                    test::Reply{200, {}, R"({"expires_in":300})", "application/json"});
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto r = lookups.lookup({Datasource::docker, "ubuntu", ""});
  CHECK(r.failure_kind() == FailureKind::bad_response);
  CHECK(r.failure->message.rfind("registry token response without a token from ", 0) == 0);
  auto bad = lookups.lookup({Datasource::docker, "UPPER/../case", ""});
  CHECK(bad.failure_kind() == FailureKind::unsupported);
}

namespace {

// `count` repositories org/app0… on the fake, each with the recorded ubuntu tags.
std::vector<sources::LookupKey> serve_many_repositories(test::FakeUpstream& up, int count) {
  std::vector<sources::LookupKey> keys;
  for (int i = 0; i < count; ++i) {
    const std::string name = "org/app" + std::to_string(i);
    up.add_file("/v2/" + name + "/tags/list", "upstream/oci/tags-list-library-ubuntu.json");
    keys.push_back({Datasource::docker, name, ""});
  }
  return keys;
}

}  // namespace

TEST_CASE("repositories of one registry share batched token requests", "[sources][oci]") {
  test::FakeUpstream up;
  up.require_scoped_bearer("/v2/", "registry.docker.io", 1000);
  const auto keys = serve_many_repositories(up, 45);
  up.set_latency(std::chrono::milliseconds(5));  // keep lookups in flight together
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto results = lookups.run(keys);
  for (const auto& r : results) {
    REQUIRE(r.ok());
    CHECK(r.releases.size() == 223);
  }
  // The first repository meets the challenge and gets a one-scope token; the
  // other 44 are asked for 20 at a time: 20 + 20 + 4.
  auto counts = up.token_scope_counts();
  std::sort(counts.begin(), counts.end());
  CHECK(counts == std::vector<std::size_t>{1, 4, 20, 20});
  std::size_t tags = 0;
  for (int i = 0; i < 45; ++i) tags += up.hits("/v2/org/app" + std::to_string(i) + "/tags/list");
  CHECK(tags == 46);  // one 401 in all
}

TEST_CASE("a token service that grants one scope per request still answers every repository",
          "[sources][oci]") {
  test::FakeUpstream up;
  up.require_scoped_bearer("/v2/", "registry.docker.io", 1);  // ignores every scope but the first
  const auto keys = serve_many_repositories(up, 12);
  net::HttpClient client(test::fake_options());
  sources::LookupOptions options;
  options.workers = 1;  // one lookup at a time: the order below is exact
  sources::Lookups lookups(client, test::fake_endpoints(up), {}, options);
  auto results = lookups.run(keys);
  for (const auto& r : results) REQUIRE(r.ok());
  // app0: challenge + one-scope token. app1: a batch of 11 scopes, of which only
  // its own is granted. app2: 401 with the batch token, so batches stop for this
  // registry; app2…app11 each get a one-scope token.
  CHECK(up.token_scope_counts() == std::vector<std::size_t>{1, 11, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  CHECK(up.hits("/v2/org/app0/tags/list") == 2);
  CHECK(up.hits("/v2/org/app1/tags/list") == 1);
  CHECK(up.hits("/v2/org/app2/tags/list") == 2);
  CHECK(up.hits("/v2/org/app3/tags/list") == 1);
}

TEST_CASE("a token service that rejects several scopes at once gets one scope per request",
          "[sources][oci]") {
  test::FakeUpstream up;
  up.require_scoped_bearer("/v2/", "registry.docker.io", 1, /*reject_extra_scopes=*/true);
  const auto keys = serve_many_repositories(up, 6);
  net::HttpClient client(test::fake_options());
  sources::LookupOptions options;
  options.workers = 1;
  sources::Lookups lookups(client, test::fake_endpoints(up), {}, options);
  auto results = lookups.run(keys);
  for (const auto& r : results) REQUIRE(r.ok());
  // app0: challenge + one scope. app1: a batch of 5 refused with 400, then its
  // own scope alone. app2…app5: one scope each, without meeting a 401.
  CHECK(up.token_scope_counts() == std::vector<std::size_t>{1, 5, 1, 1, 1, 1, 1});
  CHECK(up.hits("/v2/org/app0/tags/list") == 2);
  for (int i = 1; i < 6; ++i) CHECK(up.hits("/v2/org/app" + std::to_string(i) + "/tags/list") == 1);
}

namespace {

// The tags of one image served behind Docker Hub's token flow, looked up as the
// scan does; the versions not flagged pre-release, in upstream order.
std::vector<sources::Release> docker_hub_releases(const std::string& image,
                                                  const std::string& fixture) {
  test::FakeUpstream up;
  std::string token;
  auto reply = token_reply(token);
  up.require_bearer("/v2/", token, "registry.docker.io", reply);
  auto repository = image.substr(0, image.find(':'));
  if (repository.find('/') == std::string::npos) repository = "library/" + repository;
  up.add_file("/v2/" + repository + "/tags/list", fixture);
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto r = lookups.lookup({Datasource::docker, image, ""});
  REQUIRE(r.ok());
  return r.releases;
}

std::vector<std::string> stable_versions(const std::vector<sources::Release>& releases) {
  std::vector<std::string> out;
  for (const auto& r : releases)
    if (!r.prerelease) out.push_back(r.version);
  return out;
}

bool flagged_prerelease(const std::vector<sources::Release>& releases, const std::string& tag) {
  auto it = std::find_if(releases.begin(), releases.end(),
                         [&](const auto& r) { return r.version == tag; });
  REQUIRE(it != releases.end());
  return it->prerelease;
}

}  // namespace

// Issue 11 item 1: variant suffixes made every tag a "pre-release", so an image
// pinned to a variant was never offered an update.
TEST_CASE("image tags with a variant suffix are stable and the variant picks the candidate",
          "[sources][oci][variants]") {
  const auto releases = docker_hub_releases("jenkins/jenkins:2.541.1-lts-jdk21",
                                            "upstream/oci/tags-list-jenkins-jenkins.json");
  for (const char* tag : {"2.541.1-lts-jdk21", "2.555.1-lts-jdk21", "2.555.1-lts-jdk17",
                          "2.560.0-jdk21", "2.560-jdk21", "2.555.1"}) {
    INFO(tag);
    CHECK_FALSE(flagged_prerelease(releases, tag));
  }
  const auto& docker = versioning::scheme_for(versioning::SchemeId::docker);
  const auto stable = stable_versions(releases);
  const auto best = docker.latest(stable, std::nullopt, "2.541.1-lts-jdk21");
  REQUIRE(best.has_value());
  CHECK(*best == "2.555.1-lts-jdk21");  // not 2.560.0-jdk21 (another line) nor -lts-jdk17
  const auto bump = docker.bump("2.541.1-lts-jdk21", *best);
  CHECK(bump.type == versioning::Bump::minor);
  CHECK_FALSE(bump.breaking);
  CHECK(docker.latest(stable, std::nullopt, "2.541.1-lts-jdk17") == "2.555.1-lts-jdk17");
  CHECK(docker.latest(stable, std::nullopt, "2.550-jdk21") == "2.560-jdk21");
}

TEST_CASE("recorded Docker Hub php tags: variants are stable, RC tags are pre-releases",
          "[sources][oci][variants]") {
  const auto releases =
      docker_hub_releases("php:7.1.10-fpm-alpine", "versioning/tags-list-library-php.json");
  CHECK(releases.size() == 3491);
  for (const char* tag : {"7.1.10-fpm-alpine", "7.3.12-fpm-alpine", "7.1.11-apache-jessie"}) {
    INFO(tag);
    CHECK_FALSE(flagged_prerelease(releases, tag));
  }
  for (const char* tag : {"7.2.0RC4-fpm-alpine", "7.1.0RC1-fpm-alpine"}) {
    INFO(tag);
    CHECK(flagged_prerelease(releases, tag));
  }
  CHECK_FALSE(flagged_prerelease(releases, "latest"));  // not a version: the scheme skips it
  const auto& docker = versioning::scheme_for(versioning::SchemeId::docker);
  CHECK(docker.latest(stable_versions(releases), std::nullopt, "7.1.10-fpm-alpine") ==
        "7.3.12-fpm-alpine");
}

TEST_CASE("manifest_digest reads the recorded Docker-Content-Digest behind the token flow",
          "[sources][oci][digest]") {
  test::FakeUpstream up;
  std::string token;
  auto reply = token_reply(token);
  up.require_bearer("/v2/", token, "registry.docker.io", reply);
  up.load_http_capture("upstream/oci/dockerhub-03-manifest-list.http");
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  const auto d = lookups.manifest_digest({Datasource::docker, "alpine", ""}, "latest");
  REQUIRE_FALSE(d.failure);
  CHECK(d.digest == "sha256:185518070891758909c9f839cf4ca393ee977ac378609f700f60a771a2dfe321");
  const auto accept = up.header_values("/v2/library/alpine/manifests/latest", "Accept");
  REQUIRE_FALSE(accept.empty());
  CHECK(accept.back().find("application/vnd.oci.image.index.v1+json") == 0);
  CHECK(up.header_values("/token", "Authorization").empty());  // the token request is anonymous

  // A tag the distribution spec does not allow is refused without a request.
  const auto before = up.total_hits();
  const auto bad = lookups.manifest_digest({Datasource::docker, "alpine", ""}, "../latest");
  REQUIRE(bad.failure);
  CHECK(bad.failure->kind == FailureKind::unsupported);
  CHECK(up.total_hits() == before);
}
