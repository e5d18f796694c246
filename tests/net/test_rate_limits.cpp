// Rate limits: waited out when short, reported (never spun on) when long.
#include <catch2/catch.hpp>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/net/client.hpp"

using namespace versiond;
using versiond::test::FakeUpstream;
using versiond::test::Fault;

namespace {

const char* checkout = "/repos/actions/checkout/releases";

long long epoch_in(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             (std::chrono::system_clock::now() + s).time_since_epoch())
      .count();
}

Fault limited(int status, std::vector<std::pair<std::string, std::string>> headers,
              std::string body) {
  Fault f;
  f.kind = Fault::Kind::status;
  f.reply.status = status;
  f.reply.headers = std::move(headers);
  f.reply.body = std::move(body);
  return f;
}

}  // namespace

TEST_CASE("GitHub primary limit far away is reported with its reset time and blocks the host",
          "[net][ratelimit]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  auto reset = epoch_in(std::chrono::hours(1));
  up.inject(checkout, limited(403,
                              {{"X-RateLimit-Limit", "60"},
                               {"X-RateLimit-Remaining", "0"},
                               {"X-RateLimit-Reset", std::to_string(reset)}},
                              R"({"message":"API rate limit exceeded for 127.0.0.1."})"));
  net::HttpClient client(test::loopback_options());
  auto start = std::chrono::steady_clock::now();
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  CHECK(r.status == 403);
  REQUIRE(r.rate_limited_until.has_value());
  CHECK(std::chrono::system_clock::to_time_t(*r.rate_limited_until) == reset);
  // The next call to the same host is not sent at all.
  auto again = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(again.status == 0);
  REQUIRE(again.rate_limited_until.has_value());
  CHECK(again.error == "rate limited until " + net::format_utc(*again.rate_limited_until));
  CHECK(up.hits(checkout) == 1);
  CHECK(client.counters().rate_limited == 2);
}

TEST_CASE("a 429 with a short Retry-After is waited out and retried", "[net][ratelimit]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.inject(checkout,
            limited(429, {{"Retry-After", "1"}}, R"({"errors":[{"code":"TOOMANYREQUESTS"}]})"));
  // The wait goes through the client's clock: a manual clock takes it at once.
  ManualClock clock(std::chrono::system_clock::now());
  net::HttpClient client(test::loopback_options(), nullptr, clock);
  auto start = std::chrono::steady_clock::now();
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(r.status == 200);
  CHECK(up.hits(checkout) == 2);
  CHECK(client.counters().retries == 1);
  CHECK(clock.slept() >= std::chrono::milliseconds(900));
  CHECK(clock.slept() <= std::chrono::milliseconds(1000));
  CHECK(elapsed < std::chrono::milliseconds(900));  // nothing slept for real
}

TEST_CASE("a secondary rate limit without headers waits a minute, so it is reported",
          "[net][ratelimit]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.inject(
      checkout,
      limited(
          403, {},
          R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})"));
  net::HttpClient client(test::loopback_options());
  auto before = std::chrono::system_clock::now();
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(r.status == 403);
  REQUIRE(r.rate_limited_until.has_value());
  CHECK(*r.rate_limited_until >= before + std::chrono::seconds(59));
}

TEST_CASE("an ordinary 403 is not a rate limit", "[net][ratelimit]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.inject(checkout, limited(403, {{"X-RateLimit-Remaining", "42"}},
                              R"({"message":"Resource not accessible"})"));
  net::HttpClient client(test::loopback_options());
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(r.status == 403);
  CHECK_FALSE(r.rate_limited_until.has_value());
  CHECK(up.hits(checkout) == 1);
}

TEST_CASE("Retry-After as an HTTP date far ahead is reported as that date", "[net][ratelimit]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.inject(checkout, limited(429, {{"Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT"}}, "{}"));
  net::HttpClient client(test::loopback_options());
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  REQUIRE(r.rate_limited_until.has_value());
  CHECK(net::format_utc(*r.rate_limited_until) == "2099-10-21T07:28:00Z");
}
