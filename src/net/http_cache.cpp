#include "versiond/net/http_cache.hpp"

namespace versiond::net {

std::optional<CachedEntry> MemoryHttpCache::get(const std::string& url) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(url);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void MemoryHttpCache::put(const std::string& url, const CachedEntry& entry) {
  std::lock_guard lock(mutex_);
  entries_[url] = entry;
}

std::size_t MemoryHttpCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace versiond::net
