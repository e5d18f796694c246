// GitHub releases and tags against replayed recordings.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sources/sources_test_support.hpp"
#include "support/temp_dir.hpp"

using namespace versiond;

namespace {

sources::LookupResult lookup(test::FakeUpstream& up, const std::string& ds, const std::string& pkg,
                             const std::string& registry = "") {
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  return lookups.lookup({*parse_datasource(ds), pkg, registry});
}

}  // namespace

TEST_CASE("GitHub releases follow Link pagination and flag prereleases", "[sources][github]") {
  test::FakeUpstream up;
  // Page 1: real recording whose Link points at /repositories/93446099/releases?page=2.
  up.load_vcr("upstream/github/releases-list-page1-with-link-header.yml");
  // Page 2: another real releases body, served without a Link header (last page).
  up.add_file("/repositories/93446099/releases?page=2",
              "upstream/github/releases-list-monorepo.json");
  auto r = lookup(up, "github-releases", "integrations/terraform-provider-github");
  REQUIRE(r.ok());
  CHECK_FALSE(r.failure);
  REQUIRE(r.releases.size() == 33);
  CHECK(r.releases[0].version == "v6.7.0");
  CHECK(r.releases[0].notes_url ==
        "https://github.com/integrations/terraform-provider-github/releases/tag/v6.7.0");
  CHECK_FALSE(r.releases[0].published.empty());
  CHECK(test::count_prereleases(r) == 2);
  CHECK(up.hits("/repositories/93446099/releases") == 1);
  CHECK(up.header_values("/repos/integrations/terraform-provider-github/releases", "Authorization")
            .empty());
}

TEST_CASE("GitHub draft releases are skipped", "[sources][github]") {
  // Drafts are visible only to collaborators, so no public recording holds one:
  // flip the flag on a real record.
  auto body =
      nlohmann::json::parse(test::read_fixture("upstream/github/releases-list-monorepo.json"));
  std::string draft_tag = body[0]["tag_name"];
  body[0]["draft"] = true;
  test::FakeUpstream up;
  up.add("/repos/tmenier/Flurl/releases", test::Reply{200, {}, body.dump(), "application/json"});
  auto r = lookup(up, "github-releases", "tmenier/Flurl");
  REQUIRE(r.ok());
  CHECK(r.releases.size() == body.size() - 1);
  for (const auto& rel : r.releases) CHECK(rel.version != draft_tag);
}

TEST_CASE("GitHub tags are listed with SemVer pre-release detection", "[sources][github]") {
  test::FakeUpstream up;
  up.add_file("/repos/jonschlinkert/is-number/tags", "upstream/github/tags-list-is-number.json");
  auto r = lookup(up, "github-tags", "jonschlinkert/is-number");
  REQUIRE(r.ok());
  REQUIRE(r.releases.size() == 7);
  CHECK(r.releases[0].version == "4.0.0");
  CHECK(r.releases[0].published.empty());
}

TEST_CASE("a GitHub Enterprise base URL replaces api.github.com", "[sources][github]") {
  test::FakeUpstream up;
  up.add_file("/api/v3/repos/jonschlinkert/is-number/tags",
              "upstream/github/tags-list-is-number.json");
  auto r = lookup(up, "github-tags", "jonschlinkert/is-number", up.base() + "/api/v3/");
  CHECK(r.ok());
  CHECK(up.hits("/api/v3/repos/jonschlinkert/is-number/tags") == 1);
  CHECK(r.releases[0].notes_url.empty());  // no github.com page for an enterprise host
}

TEST_CASE("GitHub failures become per-lookup statuses with one-line reasons", "[sources][github]") {
  test::FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  const std::string path = "/repos/actions/checkout/releases";

  SECTION("unknown repository: not found") {
    up.not_found("/repos/nobody/nothing/releases");
    auto r = lookup(up, "github-releases", "nobody/nothing");
    CHECK(r.failure_kind() == FailureKind::not_found);
    CHECK(r.failure->message ==
          "HTTP 404 from " + up.base() + "/repos/nobody/nothing/releases?per_page=100");
  }
  SECTION("malformed JSON: bad response") {
    test::Fault f;
    f.kind = test::Fault::Kind::malformed;
    f.reply.body = R"([{"tag_name": "v1.0.0", "draft": fal)";
    up.inject(path, f);
    auto r = lookup(up, "github-releases", "actions/checkout");
    CHECK(r.failure_kind() == FailureKind::bad_response);
    CHECK(r.failure->message.rfind("malformed JSON from ", 0) == 0);
  }
  SECTION("rate limited: reason names the reset time") {
    test::Fault f;
    f.reply.status = 403;
    f.reply.headers = {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "4102444800"}};
    f.reply.body = R"({"message":"API rate limit exceeded"})";
    up.inject(path, f);
    auto r = lookup(up, "github-releases", "actions/checkout");
    CHECK(r.failure_kind() == FailureKind::rate_limited);
    CHECK(r.failure->message.rfind("rate limited until 2100-01-01T00:00:00Z by ", 0) == 0);
    CHECK(r.releases.empty());
  }
  SECTION("not an owner/repo name: unsupported, no request") {
    auto r = lookup(up, "github-releases", "../../etc");
    CHECK(r.failure_kind() == FailureKind::unsupported);
    CHECK(up.total_hits() == 0);
  }
}
