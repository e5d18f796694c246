#include "versiond/store/store_http_cache.hpp"

namespace versiond::store {

std::optional<net::CachedEntry> StoreHttpCache::get(const std::string& url) {
  const std::lock_guard lock(mutex_);
  if (const auto it = pending_.find(url); it != pending_.end()) {
    return it->second;
  }
  return store_.cached(url);
}

void StoreHttpCache::put(const std::string& url, const net::CachedEntry& entry) {
  const std::lock_guard lock(mutex_);
  pending_[url] = entry;
}

std::vector<HttpCacheEntry> StoreHttpCache::take_pending() {
  const std::lock_guard lock(mutex_);
  std::vector<HttpCacheEntry> out;
  out.reserve(pending_.size());
  for (auto& [url, entry] : pending_) {
    out.push_back({url, std::move(entry)});
  }
  pending_.clear();
  return out;
}

}  // namespace versiond::store
