// HttpClient: a thread-safe blocking fetch() on top of one libcurl multi handle.
//
// One internal thread owns the multi handle (and a share handle for DNS and TLS
// sessions); callers on any number of worker threads queue transfers and wait.
// Retries, backoff, rate-limit waits, redirects and cache revalidation happen
// in the calling thread, so a sleeping caller never stalls other transfers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "versiond/core/clock.hpp"
#include "versiond/net/http.hpp"
#include "versiond/net/http_cache.hpp"
#include "versiond/net/options.hpp"

namespace versiond::net {

class HttpClient {
 public:
  // cache may be null (no conditional requests). clock times backoff and
  // rate-limit waits and must outlive the client.
  explicit HttpClient(HttpOptions options, std::shared_ptr<HttpCache> cache = nullptr,
                      Clock& clock = system_clock());
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GET with retries (5xx, network errors), rate-limit handling, redirects and
  // conditional revalidation. Never throws for upstream failures: they are
  // described in the Response (status, transport, error, rate_limited_until).
  Response fetch(const Request& request);
  // POST of `body` (its Content-Type given in request.headers): send() with
  // "POST" (never cached; not repeated after it may have arrived). For APIs
  // that take batch queries only this way (OSV's /v1/querybatch).
  Response post(const Request& request, const std::string& body);

  // Any method with a body (the forge's writes: POST, PATCH, PUT, DELETE).
  // Writes are never cached or redirected; rate limits are waited out as for
  // GET; a POST (not idempotent) is repeated only when it cannot have reached
  // the server (connection refused), never after a 5xx or a timeout.
  Response send(const Request& request, const std::string& method, const std::string& body);

  // GET of request.url streamed into the new file `to` (core NewFile: created
  // exclusively, 0600), never more than max_bytes of body: past that the
  // transfer is aborted (TransportError::too_large). Retries and redirects as
  // fetch(); nothing is cached; only a 2xx body goes to the file (response.body
  // then stays empty). On any failure the partial file is removed, so the file
  // exists exactly when response.ok(). Throws Error(io) only when `to` cannot
  // be created or flushed.
  Response download(const Request& request, const std::filesystem::path& to,
                    std::uint64_t max_bytes);

  HttpCounters counters() const;
  const HttpOptions& options() const noexcept;
  Clock& clock() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace versiond::net
