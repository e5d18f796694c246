// HttpOptions for tests: loopback allowed over http, short timeouts and backoff.
#pragma once

#include "versiond/net/options.hpp"

namespace versiond::test {

inline net::HttpOptions loopback_options() {
  net::HttpOptions o;
  o.plain_http_hosts = {"127.0.0.1", "localhost"};
  o.connect_timeout = std::chrono::milliseconds(1000);
  o.total_timeout = std::chrono::milliseconds(5000);
  o.backoff_base = std::chrono::milliseconds(10);
  o.backoff_max = std::chrono::milliseconds(50);
  o.max_rate_limit_wait = std::chrono::milliseconds(2000);
  return o;
}

}  // namespace versiond::test
