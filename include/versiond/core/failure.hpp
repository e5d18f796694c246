// Per-item failures: the one value every stage uses when one lookup, one file
// or one write fails and the rest of the run goes on (see error.hpp for the
// errors that stop a run).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace versiond {

enum class FailureKind {
  not_found,     // 404, unknown package, chart not in its index
  unauthorized,  // 401: a missing, expired or invalid token
  forbidden,     // 403 that is not a rate limit: the token lacks a permission
  rate_limited,  // 429 or a 403 rate limit that lifts later than we wait
  server_error,  // 5xx after the retries
  network,       // DNS, connection refused or reset, TLS, truncated transfer
  bad_response,  // malformed or wrongly typed body, unexpected shape, too large
  timeout,       // connect or transfer timeout
  unsupported,   // a package name or datasource this source cannot ask about
  offline,       // lookups are off and nothing is recorded to answer from
};

std::string_view to_string(FailureKind kind) noexcept;
std::optional<FailureKind> parse_failure_kind(std::string_view text) noexcept;

struct Failure {
  FailureKind kind = FailureKind::bad_response;
  std::string message;  // one line for people; never holds a secret
  std::string detail;   // where and what exactly (URL, field, record id); may be ""

  // "kind: message" — how reports print it.
  std::string describe() const;
};

}  // namespace versiond
