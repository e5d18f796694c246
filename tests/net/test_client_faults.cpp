// HttpClient under injected faults: 5xx retries, timeouts, truncation, refusal, size cap.
#include <catch2/catch.hpp>
#include <thread>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/net/client.hpp"

using namespace versiond;
using versiond::test::FakeUpstream;
using versiond::test::Fault;

namespace {

const char* checkout = "/repos/actions/checkout/releases";

Fault status_fault(int code) {
  Fault f;
  f.kind = Fault::Kind::status;
  f.reply.status = code;
  f.reply.body = R"({"message":"Server Error"})";
  return f;
}

}  // namespace

TEST_CASE("a 500 is retried with backoff and the later success returned", "[net][faults]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.inject(checkout, status_fault(500), 2);
  auto options = test::loopback_options();
  options.backoff_base = std::chrono::milliseconds(2000);  // long, so a real sleep would show
  options.backoff_max = std::chrono::milliseconds(8000);
  ManualClock clock(std::chrono::system_clock::now());
  net::HttpClient client(options, nullptr, clock);
  const auto start = std::chrono::steady_clock::now();
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(r.status == 200);
  CHECK(up.hits(checkout) == 3);
  CHECK(client.counters().retries == 2);
  // Two backoffs through the clock (jittered around 2 s and 4 s), none for real.
  CHECK(clock.slept() >= std::chrono::milliseconds(2000));
  CHECK(clock.slept() <= std::chrono::milliseconds(12000));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1500));
}

TEST_CASE("persistent 5xx stops after max_retries and returns the error status", "[net][faults]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  up.inject(checkout, status_fault(503), 10);
  auto options = test::loopback_options();
  options.max_retries = 2;
  net::HttpClient client(options);
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(r.status == 503);
  CHECK(up.hits(checkout) == 3);
}

TEST_CASE("a slow upstream hits the timeout and the call stays bounded", "[net][faults]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  Fault slow;
  slow.kind = Fault::Kind::slow;
  slow.delay = std::chrono::milliseconds(3000);
  up.inject(checkout, slow, 5);
  auto options = test::loopback_options();
  options.total_timeout = std::chrono::milliseconds(300);
  options.max_retries = 1;
  net::HttpClient client(options);
  auto start = std::chrono::steady_clock::now();
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(r.status == 0);
  CHECK(r.transport == net::TransportError::timeout);
  CHECK(elapsed < std::chrono::milliseconds(1500));
  // The client gave up on the retry after 300 ms; the server may start
  // handling it later than that on a slow machine (under TSan, say).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (up.hits(checkout) < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(up.hits(checkout) == 2);
}

TEST_CASE("a body cut short is reported as truncated", "[net][faults]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  Fault cut;
  cut.kind = Fault::Kind::truncate;
  up.inject(checkout, cut, 5);
  auto options = test::loopback_options();
  options.max_retries = 0;
  net::HttpClient client(options);
  auto r = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(r.status == 0);
  CHECK(r.transport == net::TransportError::truncated);
  CHECK(r.body.empty());
  CHECK_FALSE(r.error.empty());
}

TEST_CASE("connection refused fails fast as a connect error", "[net][faults]") {
  auto options = test::loopback_options();
  options.max_retries = 1;
  net::HttpClient client(options);
  auto start = std::chrono::steady_clock::now();
  auto r = client.fetch(
      {"http://127.0.0.1:" + std::to_string(FakeUpstream::closed_port()) + "/x", {}, true});
  CHECK(r.status == 0);
  CHECK(r.transport == net::TransportError::connect);
  CHECK(client.counters().retries == 1);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("an unreachable host is tried once per run, not once per request", "[net][faults]") {
  FakeUpstream up;  // a live server on another port of the same address
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  auto options = test::loopback_options();
  options.max_retries = 1;
  net::HttpClient client(options);
  const std::string dead = "http://127.0.0.1:" + std::to_string(FakeUpstream::closed_port());
  auto first = client.fetch({dead + "/a", {}, true});
  CHECK(first.host_unreachable);
  CHECK(client.counters().retries == 1);
  auto second = client.fetch({dead + "/b", {}, true});
  CHECK(second.status == 0);
  CHECK(second.host_unreachable);
  CHECK(second.error == first.error);
  CHECK(client.counters().retries == 1);  // no new attempt, no new retry
  // Other ports of the same address are unaffected.
  auto live = client.fetch({up.base() + checkout + "?per_page=100", {}, true});
  CHECK(live.status == 200);
}

TEST_CASE("a body over the size cap is aborted, not buffered", "[net][faults]") {
  FakeUpstream up;
  up.add_file("/index.yaml", "upstream/helm/grafana-index.yaml", "application/x-yaml");
  auto options = test::loopback_options();
  options.max_body_bytes = std::size_t{64} * 1024;
  net::HttpClient client(options);
  auto r = client.fetch({up.base() + "/index.yaml", {}, true});
  CHECK(r.status == 0);
  CHECK(r.transport == net::TransportError::too_large);
  CHECK(r.body.empty());
  CHECK(r.error == "response larger than 65536 bytes");
  CHECK(up.hits("/index.yaml") == 1);  // not retried
}
