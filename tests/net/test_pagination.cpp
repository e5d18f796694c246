// Link header parsing and bounded page walks over a real five-page recording.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "support/temp_dir.hpp"
#include "versiond/net/pagination.hpp"

using namespace versiond;

TEST_CASE("next_link reads rel=next among other relations", "[net][pagination]") {
  std::string gh =
      R"(<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel="prev", )"
      R"(<https://api.github.com/repositories/1000/issues?per_page=3&page=3>; rel="next", )"
      R"(<https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel="last")";
  CHECK(net::next_link(gh, "https://api.github.com/x") ==
        "https://api.github.com/repositories/1000/issues?per_page=3&page=3");
  CHECK_FALSE(net::next_link(R"(<https://a/x?page=1>; rel="first")", "https://a/").has_value());
  CHECK_FALSE(net::next_link("", "https://a/").has_value());
}

TEST_CASE("next_link resolves the relative links registries send", "[net][pagination]") {
  auto headers =
      nlohmann::json::parse(test::read_fixture("upstream/oci/pagination-headers-next-link.json"));
  std::string link = headers["link"];
  // Docker Hub sent an absolute link; registries following the distribution spec send "/v2/…".
  std::string relative = link.substr(0, 1) + link.substr(link.find("/v2/"));
  auto next = net::next_link(relative, "https://mirror.example/v2/library/ubuntu/tags/list?n=3");
  REQUIRE(next.has_value());
  CHECK(next->rfind("https://mirror.example/v2/library/ubuntu/tags/list?last=", 0) == 0);
  CHECK(next->find("&n=3") != std::string::npos);
  CHECK(net::resolve_url("http://h:1/a/b?q", "?n=2") == "http://h:1/a/b?n=2");
  CHECK(net::resolve_url("http://h:1/a/b", "c") == "http://h:1/a/c");
}

TEST_CASE("fetch_pages follows Link rel=next through every recorded page", "[net][pagination]") {
  test::FakeUpstream up;
  up.load_octokit("upstream/github/paginate-issues.json");
  net::HttpClient client(test::loopback_options());
  int pages = 0;
  std::size_t issues = 0;
  auto last = net::fetch_pages(
      client,
      {up.base() + "/repos/octokit-fixture-org/paginate-issues/issues?per_page=3", {}, true}, 20,
      [&](const net::Response& r) {
        ++pages;
        issues += nlohmann::json::parse(r.body).size();
        return true;
      });
  CHECK(last.status == 200);
  CHECK(pages == 5);
  CHECK(issues == 13);
  CHECK(up.hits("/repositories/1000/issues") == 4);
}

TEST_CASE("fetch_pages stops at the page bound", "[net][pagination]") {
  test::FakeUpstream up;
  up.load_octokit("upstream/github/paginate-issues.json");
  net::HttpClient client(test::loopback_options());
  int pages = 0;
  net::fetch_pages(
      client,
      {up.base() + "/repos/octokit-fixture-org/paginate-issues/issues?per_page=3", {}, true}, 2,
      [&](const net::Response&) { return ++pages, true; });
  CHECK(pages == 2);
  CHECK(client.counters().requests == 2);
}

TEST_CASE("fetch_pages does not carry Authorization to a next page on another origin",
          "[net][pagination]") {
  test::FakeUpstream up;
  std::string other = "http://localhost:" + std::to_string(up.port());
  up.add("/page1",
         test::Reply{
             200, {{"Link", "<" + other + "/page2>; rel=\"next\""}}, "[1]", "application/json"});
  up.add("/page2",
         test::Reply{200, {{"Link", "</page3>; rel=\"next\""}}, "[2]", "application/json"});
  up.add("/page3", test::Reply{200, {}, "[3]", "application/json"});
  net::HttpClient client(test::loopback_options());
  int pages = 0;
  net::fetch_pages(client, {up.base() + "/page1", {{"Authorization", "Bearer page-secret"}}, true},
                   10, [&](const net::Response&) { return ++pages, true; });
  CHECK(pages == 3);
  CHECK(up.header_values("/page1", "Authorization").size() == 1);
  CHECK(up.header_values("/page2", "Authorization").empty());
  CHECK(up.header_values("/page3", "Authorization").empty());
}

TEST_CASE("url helpers", "[net][pagination]") {
  CHECK(net::url_host("https://API.Example.com:8443/x?y") == "api.example.com");
  CHECK(net::url_host("http://[::1]:80/") == "::1");
  CHECK(net::url_origin("HTTPS://API.Example.com:8443/x") == "https://api.example.com:8443");
  CHECK(net::url_origin("https://a.example/x") != net::url_origin("https://a.example.evil/x"));
}
