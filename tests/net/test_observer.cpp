// The HttpObserver hook: what the service's metrics count.
#include <catch2/catch.hpp>
#include <map>
#include <mutex>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "versiond/net/client.hpp"
#include "versiond/net/observer.hpp"

using namespace versiond;
using versiond::test::FakeUpstream;

namespace {

class Recorder final : public net::HttpObserver {
 public:
  void on_response(const std::string& host, long status) noexcept override {
    const std::lock_guard lock(mutex);
    responses.push_back(host + " " + std::to_string(status));
  }
  void on_not_modified(const std::string& host) noexcept override {
    const std::lock_guard lock(mutex);
    not_modified[host] += 1;
  }
  void on_rate_limit_remaining(const std::string& host, long remaining) noexcept override {
    const std::lock_guard lock(mutex);
    remaining_[host] = remaining;
  }
  std::mutex mutex;
  std::vector<std::string> responses;
  std::map<std::string, int> not_modified;
  std::map<std::string, long> remaining_;
};

}  // namespace

TEST_CASE("the observer hears every exchange: status, 304s, rate-limit budget, no answer",
          "[net][observer]") {
  FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");  // recorded ETag, rate headers
  up.not_found("/missing");
  const auto recorder = std::make_shared<Recorder>();
  net::HttpOptions options = test::loopback_options();
  options.observer = recorder;
  options.max_retries = 0;
  net::HttpClient client(options, std::make_shared<net::MemoryHttpCache>());
  const std::string host = "127.0.0.1:" + std::to_string(up.port());
  const std::string url = up.base() + "/repos/actions/checkout/releases?per_page=100";
  REQUIRE(client.fetch({url, {}, true}).status == 200);
  REQUIRE(client.fetch({url, {}, true}).not_modified_from_cache);
  CHECK(client.fetch({up.base() + "/missing", {}, true}).status == 404);
  const int dead = FakeUpstream::closed_port();
  CHECK(client.fetch({"http://127.0.0.1:" + std::to_string(dead) + "/x", {}, true}).status == 0);
  CHECK(recorder->responses ==
        std::vector<std::string>{host + " 200", host + " 304", host + " 404",
                                 "127.0.0.1:" + std::to_string(dead) + " 0"});
  CHECK(recorder->not_modified == std::map<std::string, int>{{host, 1}});
  REQUIRE(recorder->remaining_.count(host) == 1);
  CHECK(recorder->remaining_.at(host) >= 0);
}
