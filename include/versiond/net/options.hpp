// Tunables of the HTTP client; every field has a safe default.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

namespace versiond::net {

class HttpObserver;  // observer.hpp

struct HttpOptions {
  long max_connections_per_host = 6;  // CURLMOPT_MAX_HOST_CONNECTIONS
  long max_total_connections = 32;    // CURLMOPT_MAX_TOTAL_CONNECTIONS
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};              // per attempt
  std::size_t max_body_bytes = std::size_t{64} * 1024 * 1024;  // larger bodies are aborted
  // The cap of a download streamed to a file (HttpClient::download callers).
  std::uint64_t max_download_bytes = std::uint64_t{512} * 1024 * 1024;
  int max_retries = 3;                          // extra attempts after the first
  std::chrono::milliseconds backoff_base{250};  // attempt n waits ~base*2^n, jittered
  std::chrono::milliseconds backoff_max{8000};
  // A rate limit that lifts within this wait is waited out and retried; a longer
  // one is reported as Response::rate_limited_until without sleeping.
  std::chrono::milliseconds max_rate_limit_wait{std::chrono::seconds(60)};
  int max_redirects = 5;
  // Hosts that may be reached over plain http:// (tests: "127.0.0.1"). All
  // other hosts require https:// with TLS verification (never switched off).
  std::set<std::string> plain_http_hosts;
  std::string user_agent = "versiond/0.1";
  std::string ca_bundle;  // optional PEM bundle path; "" = system default
  // Told of every exchange (status, 304s, rate-limit headers); null: nobody.
  std::shared_ptr<HttpObserver> observer;
};

// Monotonic counters, for tests and benchmarks.
struct HttpCounters {
  unsigned long long requests = 0;      // transfers sent on the wire
  unsigned long long not_modified = 0;  // 304s answered from the cache
  unsigned long long retries = 0;  // attempts after the first (5xx, network, short rate limits)
  unsigned long long rate_limited = 0;  // responses reported as rate limited
  unsigned long long bytes = 0;         // body bytes received (decoded)
};

}  // namespace versiond::net
