// HttpClient against hostile or broken peers: header injection through values
// it is handed, redirect loops, connections reset before an answer.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/net/client.hpp"

using namespace versiond;
using versiond::test::FakeUpstream;

namespace {

// A TCP server on 127.0.0.1 that accepts each connection, reads what arrives
// and closes it with SO_LINGER 0, so the client sees a reset instead of an answer.
class ResettingServer {
 public:
  ResettingServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;  // listening socket shut down
        ++accepted_;
        char buffer[4096];
        [[maybe_unused]] const auto n = ::recv(c, buffer, sizeof buffer, 0);
        linger reset{1, 0};
        ::setsockopt(c, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        ::close(c);
      }
    });
  }
  ~ResettingServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  ResettingServer(const ResettingServer&) = delete;
  ResettingServer& operator=(const ResettingServer&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int accepted() const { return accepted_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("a header value with a line break is never sent, and never echoed", "[net][hostile]") {
  FakeUpstream up;
  up.add("/x", test::Reply{200, {}, "{}", "application/json"});
  net::HttpClient client(test::loopback_options());
  // As a token file or a registry's token service might hand it over.
  const std::string smuggled = "s3cr3t\r\nX-Injected: yes";
  auto r = client.fetch({up.base() + "/x", {{"Authorization", "Bearer " + smuggled}}, true});
  CHECK(r.transport == net::TransportError::refused);
  CHECK(r.error ==
        "refusing to send header 'Authorization': it contains a line break or "
        "control character");
  CHECK(r.error.find("s3cr3t") == std::string::npos);
  CHECK(up.requests().empty());
  // A NUL cuts a C string short; it is refused the same way.
  r = client.fetch({up.base() + "/x", {{"X-Trace", std::string("a\0b", 3)}}, true});
  CHECK(r.transport == net::TransportError::refused);
  CHECK(up.requests().empty());
  // A tab is legal in a header value.
  r = client.fetch({up.base() + "/x", {{"X-Trace", "a\tb"}}, true});
  CHECK(r.status == 200);
  CHECK(up.requests() == std::vector<std::string>{"GET /x"});
}

TEST_CASE("a redirect loop ends after max_redirects with an error", "[net][hostile]") {
  FakeUpstream up;
  test::Reply to_b;
  to_b.status = 302;
  to_b.headers = {{"Location", "/b"}};
  test::Reply to_a = to_b;
  to_a.headers = {{"Location", "/a"}};
  up.add("/a", to_b);
  up.add("/b", to_a);
  auto options = test::loopback_options();
  options.max_redirects = 4;
  net::HttpClient client(options);
  auto r = client.fetch({up.base() + "/a", {}, true});
  CHECK(r.status != 200);
  CHECK(r.error == "too many redirects");
  CHECK(up.total_hits() == 5);  // the first request and four redirects, then it stops
}

TEST_CASE("a connection reset before any answer is retried a bounded number of times",
          "[net][hostile]") {
  ResettingServer server;
  auto options = test::loopback_options();
  options.max_retries = 2;
  ManualClock clock(std::chrono::system_clock::now());  // backoff waits without sleeping
  net::HttpClient client(options, nullptr, clock);
  auto r = client.fetch({server.base() + "/repos/a/b/releases", {}, true});
  CHECK(r.status == 0);
  CHECK(r.transport != net::TransportError::none);
  CHECK_FALSE(r.error.empty());
  CHECK(server.accepted() == 3);  // the first attempt and two retries
}

TEST_CASE("a redirect to another port of the same host drops the Authorization header",
          "[net][hostile]") {
  FakeUpstream up;
  FakeUpstream other;
  other.add("/moved", test::Reply{200, {}, "{}", "application/json"});
  test::Reply moved;
  moved.status = 302;
  moved.headers = {{"Location", other.base() + "/moved"}};  // 127.0.0.1, another port
  up.add("/start", moved);
  net::HttpClient client(test::loopback_options());
  auto r = client.fetch({up.base() + "/start", {{"Authorization", "Bearer s3cr3t-value"}}, true});
  CHECK(r.status == 200);
  CHECK(other.header_values("/moved", "Authorization").empty());
}
