// The HTTP client's conditional-request cache, backed by the store.
//
// Reads come from the store (or from entries this scan already fetched);
// writes are held in memory and handed to Store::record_scan, so the cache
// changes in the same transaction as the rest of the scan. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "versiond/net/http_cache.hpp"
#include "versiond/store/store.hpp"

namespace versiond::store {

class StoreHttpCache final : public net::HttpCache {
 public:
  explicit StoreHttpCache(Store& store) : store_(store) {}

  std::optional<net::CachedEntry> get(const std::string& url) override;
  void put(const std::string& url, const net::CachedEntry& entry) override;

  // The entries put since construction (or the last take), for record_scan.
  std::vector<HttpCacheEntry> take_pending();

 private:
  Store& store_;
  std::mutex mutex_;
  std::map<std::string, net::CachedEntry> pending_;
};

}  // namespace versiond::store
