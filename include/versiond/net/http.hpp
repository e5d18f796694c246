// HTTP request/response records shared by every upstream source.
//
// Lookups are GETs (fetch), except a POST with a JSON body where an API takes
// batch queries only that way (OSV's /v1/querybatch); the forge stage also
// writes (HttpClient::send with POST/PATCH/PUT/DELETE and a JSON body).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace versiond::net {

struct Request {
  std::string url;
  // Extra request headers, e.g. {"Authorization", "Bearer …"} or {"Accept", …}.
  // Values are never logged; an Authorization header is dropped when a
  // redirect leaves the original host.
  std::vector<std::pair<std::string, std::string>> headers;
  // false for responses that must never be stored (token endpoints): no
  // conditional request is sent and nothing is written to the HttpCache.
  bool cacheable = true;
};

// Why a transfer produced no HTTP response (Response::status == 0).
enum class TransportError {
  none,
  timeout,    // connect or total timeout elapsed
  connect,    // DNS failure, connection refused/reset
  tls,        // certificate or handshake failure
  too_large,  // body exceeded HttpOptions::max_body_bytes (aborted)
  truncated,  // connection closed before the announced body ended
  refused,    // versiond's own policy: plain http:// to a host not allowed, bad scheme
  other,
};

struct Response {
  long status = 0;  // HTTP status; 0 when the transfer failed (see transport)
  // Response header names in lower case; repeated headers joined with ", ".
  std::map<std::string, std::string> headers;
  std::string body;
  TransportError transport = TransportError::none;
  bool host_unreachable = false;  // DNS failure or connection refused: the host is not there
  std::string error;  // one-line transport error text, "" when status != 0; never holds secrets
  // True when the server answered 304 and `body` is the cached copy (status is then 200).
  bool not_modified_from_cache = false;
  // Set when the upstream rate-limited us and the wait exceeds
  // HttpOptions::max_rate_limit_wait: the time the limit lifts. status is then 403/429
  // (or 0 when the host was already known to be limited and no request was sent).
  std::optional<std::chrono::system_clock::time_point> rate_limited_until;
  std::string url;  // the URL finally answered (after redirects)

  bool ok() const noexcept { return status >= 200 && status < 300; }
  // Header value by lower-case name, "" when absent.
  std::string header(const std::string& lower_name) const;
};

// "2026-11-29T22:00:00Z"
std::string format_utc(std::chrono::system_clock::time_point t);

}  // namespace versiond::net
