// The GitHub REST client against the fake GitHub (a real HTTP server whose
// every request is checked against GitHub's OpenAPI description).
#include <catch2/catch.hpp>

#include "support/fake_github.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/forge/github.hpp"
#include "versiond/net/client.hpp"
#include "versiond/net/http_cache.hpp"

using namespace versiond;
using versiond::test::FakeGithub;
using versiond::test::FakeIssue;

namespace {

const Clock::time_point t0 = *parse_time("2026-12-01T09:00:00Z");

net::HttpOptions plain_http() {
  net::HttpOptions o;
  o.plain_http_hosts = {"127.0.0.1"};
  o.backoff_base = std::chrono::milliseconds(1);
  return o;
}

struct Setup {
  explicit Setup(std::string token = "ghs_test_token_1234", std::string prefix = "")
      : gh("acme/platform", token),
        clock(t0),
        cache(std::make_shared<net::MemoryHttpCache>()),
        http(plain_http(), cache, clock),
        client(http, [&] {
          gh.set_path_prefix(prefix);
          forge::GithubOptions o;
          o.api_url = gh.base() + prefix;
          o.repository = "acme/platform";
          o.token = sources::Secret(token);
          return o;
        }()) {}
  FakeGithub gh;
  ManualClock clock;
  std::shared_ptr<net::MemoryHttpCache> cache;
  net::HttpClient http;
  forge::GithubClient client;
};

FakeIssue issue(const std::string& title, std::vector<std::string> labels) {
  FakeIssue i;
  i.title = title;
  i.labels = std::move(labels);
  return i;
}

}  // namespace

TEST_CASE("github client: issues are created, listed by label, edited and closed", "[forge]") {
  Setup s;
  auto created = s.client.create_issue("Upgrade Plan 2026-W49", "body one", {"upgrade-plan"});
  REQUIRE(created.ok());
  CHECK(created.value->number == 1);
  CHECK(created.value->labels == std::vector<std::string>{"upgrade-plan"});
  s.gh.add_issue(issue("unrelated", {"bug"}));

  auto listed = s.client.list_issues("upgrade-plan");
  REQUIRE(listed.ok());
  REQUIRE(listed.value->size() == 1);
  CHECK((*listed.value)[0].title == "Upgrade Plan 2026-W49");
  CHECK((*listed.value)[0].body == "body one");

  forge::IssueEdit edit;
  edit.body = "body two";
  REQUIRE(s.client.update_issue(1, edit).ok());
  forge::IssueEdit close;
  close.state = forge::IssueState::closed;
  close.state_reason = "completed";
  auto closed = s.client.update_issue(1, close);
  REQUIRE(closed.ok());
  CHECK(closed.value->state == forge::IssueState::closed);
  CHECK(s.gh.issue(1)->body == "body two");
  CHECK(s.gh.issue(1)->state_reason == "completed");

  auto found = s.client.search_issues(
      "repo:acme/platform is:issue label:upgrade-plan in:title "
      "\"Upgrade Plan 2026-W49\"");
  REQUIRE(found.ok());
  REQUIRE(found.value->size() == 1);
  CHECK((*found.value)[0].number == 1);

  CHECK(s.client.writes().size() == 3);
  CHECK(s.gh.write_count() == 3);
}

TEST_CASE("github client: labels, comments, pull requests and branches", "[forge]") {
  Setup s;
  auto missing = s.client.get_label("upgrade-plan");
  REQUIRE(missing.ok());
  CHECK(!missing.value->has_value());
  REQUIRE(s.client.create_label({"upgrade-plan", "0e8a16", "versiond's weekly plan"}).ok());
  auto present = s.client.get_label("upgrade-plan");
  REQUIRE(present.ok());
  REQUIRE(present.value->has_value());
  CHECK((*present.value)->name == "upgrade-plan");

  s.gh.set_ref("main", "1111111111111111111111111111111111111111");
  s.gh.set_ref("versiond/monitoring", "2222222222222222222222222222222222222222");
  auto ref = s.client.get_branch_ref("versiond/monitoring");
  REQUIRE(ref.ok());
  REQUIRE(ref.value->has_value());
  CHECK((*ref.value)->sha == "2222222222222222222222222222222222222222");
  CHECK(!s.client.get_branch_ref("versiond/none").value->has_value());

  auto pr =
      s.client.create_pull("chore(deps): update monitoring", "versiond/monitoring", "main", "body");
  REQUIRE(pr.ok());
  CHECK(pr.value->head_ref == "versiond/monitoring");
  CHECK(pr.value->head_sha == "2222222222222222222222222222222222222222");
  REQUIRE(s.client.add_labels(pr.value->number, {"dependencies"}).ok());
  auto again = s.client.create_pull("dup", "versiond/monitoring", "main", "body");
  REQUIRE(!again.ok());
  CHECK(again.failure->kind == FailureKind::bad_response);  // 422: one open PR per head

  auto pulls = s.client.list_pulls("open", "versiond/monitoring");
  REQUIRE(pulls.ok());
  REQUIRE(pulls.value->size() == 1);
  CHECK((*pulls.value)[0].labels == std::vector<std::string>{"dependencies"});

  REQUIRE(s.client.create_comment(pr.value->number, "Closing: superseded.").ok());
  auto comments = s.client.list_comments(pr.value->number);
  REQUIRE(comments.ok());
  REQUIRE(comments.value->size() == 1);
  CHECK((*comments.value)[0].body == "Closing: superseded.");

  forge::PullEdit close;
  close.state = forge::IssueState::closed;
  REQUIRE(s.client.update_pull(pr.value->number, close).ok());
  REQUIRE(s.client.delete_branch("versiond/monitoring").ok());
  CHECK(!s.client.get_branch_ref("versiond/monitoring").value->has_value());
  CHECK(s.client.delete_branch("versiond/monitoring").ok());  // already gone: not a failure

  auto def = s.client.default_branch();
  REQUIRE(def.ok());
  CHECK(*def.value == "main");
}

TEST_CASE("github client: lists follow every page", "[forge]") {
  Setup s;
  s.gh.set_max_per_page(2);
  for (int i = 0; i < 5; ++i) s.gh.add_issue(issue("plan " + std::to_string(i), {"upgrade-plan"}));
  FakeIssue pull = issue("a pull request", {"upgrade-plan"});
  pull.pull = true;
  pull.head = "b";
  pull.base = "main";
  s.gh.add_issue(pull);
  auto listed = s.client.list_issues("upgrade-plan");
  REQUIRE(listed.ok());
  CHECK(listed.value->size() == 5);  // pull requests are not issues
  CHECK(s.gh.requests().size() == 3);
}

TEST_CASE("github client: repeated reads are conditional (304 from the cache)", "[forge]") {
  Setup s;
  s.gh.add_issue(issue("plan", {"upgrade-plan"}));
  REQUIRE(s.client.list_issues("upgrade-plan").ok());
  auto again = s.client.list_issues("upgrade-plan");
  REQUIRE(again.ok());
  CHECK(again.value->size() == 1);
  CHECK(s.gh.not_modified_sent() == 1);
  s.gh.add_issue(issue("plan 2", {"upgrade-plan"}));
  CHECK(s.client.list_issues("upgrade-plan").value->size() == 2);  // changed: a fresh 200
}

TEST_CASE("github client: writes are paced one second apart on the injected clock", "[forge]") {
  Setup s;
  const auto start = s.clock.now();
  for (int i = 0; i < 4; ++i) REQUIRE(s.client.create_issue("t" + std::to_string(i), "", {}).ok());
  CHECK(s.clock.slept() >= std::chrono::milliseconds(3000));
  CHECK(s.clock.now() - start >= std::chrono::seconds(3));
  // Reads are not paced.
  const auto slept = s.clock.slept();
  for (int i = 0; i < 3; ++i) REQUIRE(s.client.get_issue(1).ok());
  CHECK(s.clock.slept() == slept);
}

TEST_CASE("github client: a secondary rate limit is waited out and the write made once",
          "[forge]") {
  Setup s;
  s.gh.inject("POST /repos/acme/platform/issues", 403, {{"Retry-After", "30"}},
              R"({"message":"You have exceeded a secondary rate limit."})");
  auto created = s.client.create_issue("plan", "", {});
  REQUIRE(created.ok());
  CHECK(s.clock.slept() >= std::chrono::seconds(30));
  CHECK(s.gh.issues().size() == 1);
}

TEST_CASE("github client: a long rate limit is a typed failure, not a sleep", "[forge]") {
  Setup s;
  s.gh.inject("GET /repos/acme/platform/issues", 429, {{"Retry-After", "3600"}},
              R"({"message":"API rate limit exceeded"})");
  auto listed = s.client.list_issues("upgrade-plan");
  REQUIRE(!listed.ok());
  CHECK(listed.failure->kind == FailureKind::rate_limited);
  CHECK(s.clock.slept() < std::chrono::seconds(60));
}

TEST_CASE("github client: failures are typed and a failed POST is not repeated", "[forge]") {
  SECTION("a wrong token is unauthorized and never appears in the message") {
    FakeGithub gh("acme/platform", "the-right-token");
    ManualClock clock(t0);
    net::HttpClient http(plain_http(), nullptr, clock);
    forge::GithubOptions o;
    o.api_url = gh.base();
    o.repository = "acme/platform";
    o.token = sources::Secret("ghp_wrongwrongwrong");
    forge::GithubClient client(http, o);
    auto r = client.list_issues("x");
    REQUIRE(!r.ok());
    CHECK(r.failure->kind == FailureKind::unauthorized);
    CHECK(r.failure->describe().find("ghp_wrongwrongwrong") == std::string::npos);
  }
  SECTION("an unknown issue is not_found") {
    Setup s;
    auto r = s.client.get_issue(42);
    REQUIRE(!r.ok());
    CHECK(r.failure->kind == FailureKind::not_found);
  }
  SECTION("a 502 answering a POST is a server_error after exactly one attempt") {
    Setup s;
    s.gh.inject("POST /repos/acme/platform/issues", 502, {}, R"({"message":"Bad Gateway"})", 5);
    auto r = s.client.create_issue("plan", "", {});
    REQUIRE(!r.ok());
    CHECK(r.failure->kind == FailureKind::server_error);
    CHECK(s.gh.write_count() == 1);
  }
  SECTION("a 502 answering a PATCH (idempotent) is retried") {
    Setup s;
    s.gh.add_issue(issue("plan", {}));
    s.gh.inject("PATCH /repos/acme/platform/issues/1", 502, {}, R"({"message":"Bad Gateway"})");
    forge::IssueEdit e;
    e.body = "new";
    REQUIRE(s.client.update_issue(1, e).ok());
    CHECK(s.gh.write_count() == 2);
  }
}

TEST_CASE("github client: a GitHub Enterprise base URL is used as given", "[forge]") {
  Setup s("ghs_test_token_1234", "/api/v3");
  REQUIRE(s.client.create_issue("plan", "", {"upgrade-plan"}).ok());
  auto listed = s.client.list_issues("upgrade-plan");
  REQUIRE(listed.ok());
  CHECK(listed.value->size() == 1);
  for (const auto& r : s.gh.requests()) CHECK(r.path.rfind("/api/v3/repos/acme/platform/", 0) == 0);
}

TEST_CASE("github client: file contents are decoded from base64", "[forge]") {
  Setup s;
  const std::string text = "FROM alpine:3.20.0\nRUN echo \"a longer line so the base64 wraps\"\n";
  s.gh.set_file("main", "docker/app/Dockerfile", text);
  auto got = s.client.get_contents("docker/app/Dockerfile", "main");
  REQUIRE(got.ok());
  REQUIRE(got.value->has_value());
  CHECK(**got.value == text);
  auto missing = s.client.get_contents("nope.txt", "main");
  REQUIRE(missing.ok());
  CHECK(!missing.value->has_value());
}
