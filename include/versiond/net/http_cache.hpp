// The conditional-request cache interface (ETag / Last-Modified → stored body).
//
// The store stage implements it on SQLite; MemoryHttpCache serves tests and
// one-shot runs. Implementations must be thread-safe: HttpClient::fetch calls
// get/put from many worker threads at once.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace versiond::net {

struct CachedEntry {
  std::string etag;           // as sent by the server, quotes included; may be ""
  std::string last_modified;  // HTTP date as sent by the server; may be ""
  std::string body;
};

class HttpCache {
 public:
  virtual ~HttpCache() = default;
  // The stored entry for an exact URL, if any.
  virtual std::optional<CachedEntry> get(const std::string& url) = 0;
  // Stores (replaces) the entry of a 200 response that carried an ETag or Last-Modified.
  virtual void put(const std::string& url, const CachedEntry& entry) = 0;
};

class MemoryHttpCache final : public HttpCache {
 public:
  std::optional<CachedEntry> get(const std::string& url) override;
  void put(const std::string& url, const CachedEntry& entry) override;
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, CachedEntry> entries_;
};

}  // namespace versiond::net
