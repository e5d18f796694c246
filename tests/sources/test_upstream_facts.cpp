// What upstream says about a package beyond its versions: a deprecated Helm
// chart, an archived GitHub repository, a Docker Hub repository nobody pushes
// to; and how every HTTP failure maps to one failure kind.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sources/context.hpp"
#include "sources/sources_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/sources/helm_index.hpp"

using namespace versiond;

namespace {

sources::LookupResult lookup_with(test::FakeUpstream& up, const sources::LookupKey& key,
                                  sources::Credentials credentials = {}) {
  net::HttpOptions options = test::fake_options();
  options.max_retries = 0;
  net::HttpClient client(options);
  sources::Lookups lookups(client, test::fake_endpoints(up), std::move(credentials));
  return lookups.lookup(key);
}

sources::Credentials with_token() {
  sources::Credentials c;
  c.github_token = sources::Secret("test-token-upstream-facts");
  return c;
}

std::string repo_json(bool archived) {
  auto doc = nlohmann::json::parse(test::read_fixture("upstream/github/repo-get-example.json"));
  doc["archived"] = archived;
  return doc.dump();
}

}  // namespace

TEST_CASE("a Helm chart whose newest version is deprecated is flagged, older deprecations are not",
          "[sources][helm][deprecated]") {
  // grafana/helm-charts' real index: promtail's newest version (6.17.1) carries
  // `deprecated: true`; k8s-monitoring has deprecated old versions but a live newest one.
  test::FakeUpstream up;
  up.add_file("/grafana/index.yaml", "upstream/helm/grafana-index.yaml", "application/x-yaml");
  const std::string repo = up.base() + "/grafana";
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  const auto results = lookups.run({{Datasource::helm, "promtail", repo},
                                    {Datasource::helm, "k8s-monitoring", repo},
                                    {Datasource::helm, "loki", repo}});
  REQUIRE(results.size() == 3);
  REQUIRE(results[0].ok());
  CHECK(results[0].deprecated);
  REQUIRE(results[1].ok());
  CHECK_FALSE(results[1].deprecated);
  CHECK(std::count_if(results[1].releases.begin(), results[1].releases.end(),
                      [](const auto& r) { return r.deprecated; }) == 2);
  CHECK_FALSE(results[2].deprecated);
}

TEST_CASE("newest_is_deprecated judges by Helm version order, not index order",
          "[sources][helm][deprecated]") {
  std::vector<sources::Release> versions(3);
  versions[0].version = "1.2.0";
  versions[1].version = "1.10.0";  // newest by SemVer, listed second
  versions[1].deprecated = true;
  versions[2].version = "2.0.0-rc.1";  // a pre-release sorts below 2.0.0 but above 1.10.0
  CHECK_FALSE(sources::detail::newest_is_deprecated(versions));
  versions[2].version = "1.9.0";
  CHECK(sources::detail::newest_is_deprecated(versions));
}

TEST_CASE("an archived GitHub repository is flagged when a token is configured",
          "[sources][github][archived]") {
  test::FakeUpstream up;
  up.add_file("/repos/jonschlinkert/is-number/tags", "upstream/github/tags-list-is-number.json");
  up.add("/repos/jonschlinkert/is-number", test::Reply{200, {}, repo_json(true)});
  SECTION("with a token: one more request, archived") {
    const auto r =
        lookup_with(up, {Datasource::github_tags, "jonschlinkert/is-number", ""}, with_token());
    REQUIRE(r.ok());
    CHECK(r.archived);
    CHECK(up.hits("/repos/jonschlinkert/is-number") == 1);
  }
  SECTION("without a token the check is not made (60 requests an hour are for releases)") {
    const auto r = lookup_with(up, {Datasource::github_tags, "jonschlinkert/is-number", ""});
    REQUIRE(r.ok());
    CHECK_FALSE(r.archived);
    CHECK(up.hits("/repos/jonschlinkert/is-number") == 0);
  }
  SECTION("a live repository is not flagged") {
    up.add("/repos/jonschlinkert/is-number", test::Reply{200, {}, repo_json(false)});
    const auto r =
        lookup_with(up, {Datasource::github_tags, "jonschlinkert/is-number", ""}, with_token());
    REQUIRE(r.ok());
    CHECK_FALSE(r.archived);
  }
  SECTION("a failing repository request leaves the lookup ok and the flag unset") {
    test::Fault f;
    f.reply.status = 500;
    up.inject("/repos/jonschlinkert/is-number", f);
    const auto r =
        lookup_with(up, {Datasource::github_tags, "jonschlinkert/is-number", ""}, with_token());
    REQUIRE(r.ok());
    CHECK_FALSE(r.archived);
    CHECK(r.releases.size() == 7);
  }
}

TEST_CASE("a GitHub release with a wrongly typed field fails that lookup, naming the field",
          "[sources][github][hostile]") {
  auto body =
      nlohmann::json::parse(test::read_fixture("upstream/github/releases-list-monorepo.json"));
  body[1]["draft"] = "no";
  test::FakeUpstream up;
  up.add("/repos/tmenier/Flurl/releases", test::Reply{200, {}, body.dump()});
  up.add_file("/repos/jonschlinkert/is-number/tags", "upstream/github/tags-list-is-number.json");
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  const auto results = lookups.run({{Datasource::github_releases, "tmenier/Flurl", ""},
                                    {Datasource::github_tags, "jonschlinkert/is-number", ""}});
  REQUIRE(results.size() == 2);
  CHECK(results[0].failure_kind() == FailureKind::bad_response);
  CHECK_THAT(results[0].failure->message,
             Catch::Contains("field 'draft' is string, expected a boolean"));
  CHECK(results[0].releases.empty());
  CHECK(results[1].ok());  // the other lookup is unaffected
}

TEST_CASE("every HTTP failure maps to its own failure kind", "[sources][failures]") {
  const std::vector<std::pair<int, FailureKind>> cases = {
      {401, FailureKind::unauthorized}, {403, FailureKind::forbidden},
      {404, FailureKind::not_found},    {410, FailureKind::not_found},
      {429, FailureKind::rate_limited}, {500, FailureKind::server_error},
      {502, FailureKind::server_error}, {503, FailureKind::server_error},
      {418, FailureKind::bad_response},
  };
  for (const auto& [status, kind] : cases) {
    CAPTURE(status);
    test::FakeUpstream up;
    up.add_file("/repos/jonschlinkert/is-number/tags", "upstream/github/tags-list-is-number.json");
    test::Fault f;
    f.reply.status = status;
    f.reply.body = R"({"message":"no"})";
    up.inject("/repos/jonschlinkert/is-number/tags", f);
    const auto r = lookup_with(up, {Datasource::github_tags, "jonschlinkert/is-number", ""});
    CHECK(r.failure_kind() == kind);
    CHECK_THAT(r.failure->message, status == 429
                                       ? Catch::StartsWith("rate limited until ")
                                       : Catch::StartsWith("HTTP " + std::to_string(status)));
    CHECK_THAT(r.failure->detail,
               Catch::StartsWith(up.base() + "/repos/jonschlinkert/is-number/tags"));
  }
}

TEST_CASE("connection refused is a network failure, a slow answer a timeout",
          "[sources][failures]") {
  SECTION("refused") {
    const std::string dead =
        "http://127.0.0.1:" + std::to_string(test::FakeUpstream::closed_port());
    net::HttpOptions options = test::fake_options();
    options.max_retries = 0;
    net::HttpClient client(options);
    sources::Endpoints e;
    e.github_api = dead;
    sources::Lookups lookups(client, e, {});
    const auto r = lookups.lookup({Datasource::github_tags, "a/b", ""});
    CHECK(r.failure_kind() == FailureKind::network);
  }
  SECTION("timeout") {
    test::FakeUpstream up;
    up.add_file("/repos/a/b/tags", "upstream/github/tags-list-is-number.json");
    test::Fault f;
    f.kind = test::Fault::Kind::slow;
    f.delay = std::chrono::milliseconds(1500);
    up.inject("/repos/a/b/tags", f);
    net::HttpOptions options = test::fake_options();
    options.max_retries = 0;
    options.total_timeout = std::chrono::milliseconds(300);
    net::HttpClient client(options);
    sources::Lookups lookups(client, test::fake_endpoints(up), {});
    const auto r = lookups.lookup({Datasource::github_tags, "a/b", ""});
    CHECK(r.failure_kind() == FailureKind::timeout);
  }
}

TEST_CASE("a Docker Hub repository's last push is read from Docker Hub's web API",
          "[sources][oci][stale]") {
  test::FakeUpstream up;
  up.add_file("/v2/library/ubuntu/tags/list", "upstream/oci/tags-list-library-ubuntu.json");
  SECTION("the date is taken from last_updated") {
    up.add("/v2/namespaces/library/repositories/ubuntu",
           test::Reply{200,
                       {},
                       R"({"name":"ubuntu","namespace":"library",)"
                       R"("last_updated":"2023-01-10T08:31:15.123456Z","status":1})"});
    const auto r = lookup_with(up, {Datasource::docker, "ubuntu", ""});
    REQUIRE(r.ok());
    CHECK(r.last_pushed == "2023-01-10T08:31:15.123456Z");
    CHECK(up.hits("/v2/namespaces/library/repositories/ubuntu") == 1);
  }
  SECTION("an answer without the field, or a failure, leaves it unknown and the lookup ok") {
    test::Fault f;
    f.reply.status = 503;
    up.inject("/v2/namespaces/library/repositories/ubuntu", f);
    const auto r = lookup_with(up, {Datasource::docker, "ubuntu", ""});
    REQUIRE(r.ok());
    CHECK(r.last_pushed.empty());
    CHECK(r.releases.size() == 223);
  }
}
