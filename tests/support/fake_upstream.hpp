// An in-process HTTP server on 127.0.0.1 (ephemeral port) that replays real
// recorded upstream responses and injects faults on demand, for tests and
// benchmarks of the lookup stage. Built on cpp-httplib.
//
// Routes are keyed by request target (path + query exactly as sent) with a
// fallback on the bare path, so "/v2/x/tags/list?n=1000" and "/v2/x/tags/list"
// can both be served by one recorded reply.
//
// The fake is strict: a request for a route the test did not register (by a
// route, an injected fault or a bearer/token rule) is answered 404 and fails
// the running test when the fake is destroyed, naming each such request. A test
// that expects a 404 registers it (`not_found`). `requests()` gives every
// request in arrival order, so a test can assert the exact set it expects.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace versiond::test {

struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // as recorded
  std::string body;
  std::string content_type = "application/json";
};

struct Fault {
  enum class Kind {
    status,     // answer `reply` instead of the route (500, 403/429 with reset headers…)
    slow,       // wait `delay` before answering normally
    truncate,   // announce the full Content-Length, send half the body, close
    malformed,  // answer 200 with `reply.body` (broken JSON/YAML) instead of the route
  };
  Kind kind = Kind::status;
  Reply reply;
  std::chrono::milliseconds delay{0};
};

// Called when a fake is destroyed after requests no route covered, with one
// line per request. The program defines it: the test suites' Catch main
// (tests/catch_main.cpp) fails the running test case; a benchmark or probe
// that uses the fake defines its own.
void report_stray_requests(const std::string& message);

class FakeUpstream {
 public:
  FakeUpstream();
  ~FakeUpstream();
  FakeUpstream(const FakeUpstream&) = delete;
  FakeUpstream& operator=(const FakeUpstream&) = delete;

  int port() const noexcept;
  std::string base() const;  // "http://127.0.0.1:<port>"

  // Serves `reply` for `target` ("/path" or "/path?query").
  void add(const std::string& target, Reply reply);
  // Answers `target` with 404 {"message":"Not Found"} as an expected request.
  void not_found(const std::string& target);
  // Serves POST requests to `path` (bare path): `answer` gets the request body
  // (OSV's /v1/querybatch answers depend on what is asked). Counted in hits().
  void add_post(const std::string& path, std::function<Reply(const std::string& body)> answer);
  // Bodies of the POST requests received for `path`, in arrival order.
  std::vector<std::string> post_bodies(const std::string& path) const;
  // Replays a Ruby VCR cassette; absolute URLs of the recorded host in
  // Link/Location headers are rewritten to this server.
  void load_vcr(const std::string& fixture_relative);
  // Replays an octokit normalized fixture (JSON array of interactions).
  void load_octokit(const std::string& fixture_relative);
  // Serves a raw HTTP capture (request line + response) at its request target.
  void load_http_capture(const std::string& fixture_relative);
  // Serves a body-only fixture file.
  void add_file(const std::string& target, const std::string& fixture_relative,
                const std::string& content_type = "application/json");

  // Requests to paths under `path_prefix` need `Authorization: Bearer <token>`;
  // others get 401 + WWW-Authenticate: Bearer realm="<base>/token",service=…,scope=….
  // GET /token answers `token_reply` (a recorded token response).
  void require_bearer(const std::string& path_prefix, const std::string& token,
                      const std::string& service, Reply token_reply);
  // Like a real token service: GET /token?scope=repository:NAME:pull&scope=…
  // issues a token good for the named repositories only, honouring at most
  // `max_scopes` of the scopes (the first ones); /v2/NAME/… under `path_prefix`
  // answers 401 + challenge unless the token covers NAME. With
  // `reject_extra_scopes`, a token request naming more than `max_scopes` scopes
  // gets 400 instead of a token.
  void require_scoped_bearer(const std::string& path_prefix, const std::string& service,
                             std::size_t max_scopes, bool reject_extra_scopes = false);
  // The number of `scope` query parameters of each GET /token, in arrival order.
  std::vector<std::size_t> token_scope_counts() const;

  // The next `times` requests to `path` (bare path) suffer `fault`.
  void inject(const std::string& path, const Fault& fault, int times = 1);
  // Added before every answer (benchmarks: simulated upstream latency).
  void set_latency(std::chrono::milliseconds latency);

  // Requests received for a bare path (all queries), and in total.
  std::size_t hits(const std::string& path) const;
  std::size_t total_hits() const;
  // Every value of a request header seen for `path`, in arrival order.
  std::vector<std::string> header_values(const std::string& path, const std::string& name) const;
  // Every request as "METHOD target" (target as sent, query included), in
  // arrival order.
  std::vector<std::string> requests() const;
  // Requests no route, fault or token rule covered (each answered 404).
  std::vector<std::string> unexpected() const;

  // 304 answers sent.
  std::size_t not_modified_sent() const;
  // The most requests this server was handling at the same moment.
  std::size_t max_in_flight() const;

  // A 127.0.0.1 port with nothing listening (bound then closed): connection refused.
  static int closed_port();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace versiond::test
