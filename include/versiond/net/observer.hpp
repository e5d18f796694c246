// A hook the HTTP client reports each upstream exchange to (the service's
// metrics count them). Called on the requesting thread: implementations must
// be thread-safe and cheap, and must not throw.
#pragma once

#include <string>

namespace versiond::net {

class HttpObserver {
 public:
  virtual ~HttpObserver() = default;
  // One transfer: `host` ("api.github.com", "127.0.0.1:8080"), its HTTP status,
  // or 0 when no answer came (timeout, refused, TLS, too large).
  virtual void on_response(const std::string& host, long status) noexcept = 0;
  // A 304 answered from the cache.
  virtual void on_not_modified(const std::string& host) noexcept = 0;
  // The host's x-ratelimit-remaining (or ratelimit-remaining) header.
  virtual void on_rate_limit_remaining(const std::string& host, long remaining) noexcept = 0;
};

}  // namespace versiond::net
