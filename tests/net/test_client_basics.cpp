// HttpClient against the fake upstream: replay, conditional requests, policy, concurrency.
#include <catch2/catch.hpp>
#include <thread>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "support/temp_dir.hpp"
#include "versiond/net/client.hpp"

using namespace versiond;
using versiond::test::FakeUpstream;

namespace {
const char* checkout = "/repos/actions/checkout/releases";
}

TEST_CASE("fetch replays a recorded GitHub response with lower-case header names", "[net]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  net::HttpClient client(test::loopback_options());
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  REQUIRE(r.status == 200);
  CHECK(r.error.empty());
  CHECK(r.header("x-ratelimit-limit") == "60");
  CHECK_FALSE(r.header("etag").empty());
  CHECK(r.body.find("\"tag_name\"") != std::string::npos);
  CHECK_FALSE(r.not_modified_from_cache);
  CHECK(client.counters().requests == 1);
  CHECK(client.counters().bytes == r.body.size());
}

TEST_CASE("a second fetch revalidates with If-None-Match and reuses the cached body on 304",
          "[net]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  auto cache = std::make_shared<net::MemoryHttpCache>();
  net::HttpClient client(test::loopback_options(), cache);
  std::string url = up.base() + checkout + "?per_page=100";
  auto first = client.fetch({url, {}, true});
  REQUIRE(first.status == 200);
  REQUIRE(cache->size() == 1);
  auto second = client.fetch({url, {}, true});
  CHECK(second.status == 200);
  CHECK(second.not_modified_from_cache);
  CHECK(second.body == first.body);
  CHECK(up.not_modified_sent() == 1);
  CHECK(client.counters().not_modified == 1);
  auto sent = up.header_values(checkout, "If-None-Match");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0] == first.header("etag"));
}

TEST_CASE("responses marked not cacheable are neither stored nor revalidated", "[net]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  auto cache = std::make_shared<net::MemoryHttpCache>();
  net::HttpClient client(test::loopback_options(), cache);
  std::string url = up.base() + checkout + "?per_page=100";
  client.fetch({url, {}, false});
  client.fetch({url, {}, false});
  CHECK(cache->size() == 0);
  CHECK(up.not_modified_sent() == 0);
  CHECK(up.header_values(checkout, "If-None-Match").empty());
}

TEST_CASE("plain http is refused for hosts not explicitly allowed, before any request", "[net]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  auto options = test::loopback_options();
  options.plain_http_hosts = {"localhost"};
  net::HttpClient client(options);
  auto r = client.fetch({up.base() + checkout, {}, true});
  CHECK(r.status == 0);
  CHECK(r.transport == net::TransportError::refused);
  CHECK(r.error.find("refusing plain http://") != std::string::npos);
  CHECK(up.total_hits() == 0);
  auto ftp = client.fetch({"ftp://127.0.0.1/x", {}, true});
  CHECK(ftp.transport == net::TransportError::refused);
}

TEST_CASE("a redirect to another host drops the Authorization header", "[net]") {
  FakeUpstream up;
  test::Reply moved;
  moved.status = 302;
  moved.headers = {{"Location", "http://localhost:" + std::to_string(up.port()) + "/moved"}};
  up.add("/start", moved);
  up.add("/moved", test::Reply{200, {}, "{}", "application/json"});
  net::HttpClient client(test::loopback_options());
  auto r = client.fetch({up.base() + "/start", {{"Authorization", "Bearer s3cr3t-value"}}, true});
  CHECK(r.status == 200);
  CHECK(r.url.find("localhost") != std::string::npos);
  CHECK(up.header_values("/start", "Authorization") ==
        std::vector<std::string>{"Bearer s3cr3t-value"});
  CHECK(up.header_values("/moved", "Authorization").empty());
}

TEST_CASE("fetch is safe from many threads at once", "[net]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.set_latency(std::chrono::milliseconds(25));
  net::HttpClient client(test::loopback_options());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 48; ++i)
    threads.emplace_back([&] {
      if (client.fetch({up.base() + checkout + "?per_page=100", {}, true}).status == 200) ++ok;
    });
  for (auto& t : threads) t.join();
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(ok == 48);
  CHECK(up.hits(checkout) == 48);
  CHECK(client.counters().requests == 48);
  // 48 requests of 25 ms each: one after another would take 1.2 s; with 6
  // connections at a time about 0.2 s. The bound leaves room for a loaded machine.
  CHECK(elapsed < std::chrono::milliseconds(900));
}

TEST_CASE("no more requests reach one host at once than the per-host cap", "[net]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.set_latency(std::chrono::milliseconds(30));
  auto options = test::loopback_options();
  options.max_connections_per_host = 3;
  net::HttpClient client(options);
  std::vector<std::thread> threads;
  for (int i = 0; i < 24; ++i)
    threads.emplace_back([&] { client.fetch({up.base() + checkout + "?per_page=100", {}, true}); });
  for (auto& t : threads) t.join();
  CHECK(up.hits(checkout) == 24);
  CHECK(up.max_in_flight() <= 3);
  CHECK(up.max_in_flight() >= 2);
}

TEST_CASE("compressed responses are negotiated and decoded", "[net]") {
  FakeUpstream up;
  // text/* bodies are compressed by the fake's HTTP library when the client offers an encoding.
  std::string yaml = test::read_fixture("upstream/helm/argo-helm-index-2019.yaml");
  up.add("/index.yaml", test::Reply{200, {}, yaml, "text/yaml"});
  net::HttpClient client(test::loopback_options());
  auto r = client.fetch({up.base() + "/index.yaml", {}, true});
  REQUIRE(r.status == 200);
  CHECK_FALSE(r.header("content-encoding").empty());
  CHECK(r.body == yaml);
}
