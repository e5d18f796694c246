#include "sources/context.hpp"

#include <utility>

#include "versiond/net/redact.hpp"

namespace versiond::sources::detail {

std::optional<std::string> TokenCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(key);
  if (it == tokens_.end() || it->second.second <= clock_.now()) return std::nullopt;
  return it->second.first;
}

void TokenCache::put(const std::string& key, const std::string& token,
                     std::chrono::seconds lifetime) {
  std::lock_guard lock(mutex_);
  // Renew a little early so a token never expires between check and use.
  auto margin = std::min(lifetime / 2, std::chrono::seconds(30));
  tokens_[key] = {token, clock_.now() + lifetime - margin};
}

std::string TokenCache::key_for(const std::string& repository) {
  std::lock_guard lock(mutex_);
  auto it = keys_.find(repository);
  return it == keys_.end() ? std::string{} : it->second;
}

void TokenCache::remember(const std::string& repository, const std::string& key) {
  std::lock_guard lock(mutex_);
  keys_[repository] = key;
}

std::optional<TokenCache::Authority> TokenCache::authority_for(const std::string& registry) {
  std::lock_guard lock(mutex_);
  auto it = authorities_.find(registry);
  if (it == authorities_.end()) return std::nullopt;
  return it->second;
}

void TokenCache::remember_authority(const std::string& registry, const Authority& authority) {
  std::lock_guard lock(mutex_);
  auto& slot = authorities_[registry];
  if (slot.realm.empty()) slot = authority;  // a real token service replaces "no challenge"
}

std::mutex& TokenCache::probe_lock(const std::string& registry) {
  std::lock_guard lock(mutex_);
  auto& slot = probe_locks_[registry];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

void TokenCache::plan(const std::string& registry, const std::string& name) {
  std::lock_guard lock(mutex_);
  if (planned_seen_.insert(registry + " " + name).second) planned_[registry].push_back(name);
}

TokenCache::Claim TokenCache::claim(const std::string& registry, const std::string& name,
                                    const std::string& key_prefix, std::size_t max) {
  std::unique_lock lock(mutex_);
  Claim out;
  const bool refused = batches_refused_.count(registry) > 0;
  // Claimed by another lookup's batch since the caller last looked: use that.
  if (auto own = keys_.find(registry + " " + name);
      own != keys_.end() && !(refused && is_batch_key(own->second))) {
    out.key = own->second;
    return out;
  }
  if (refused) max = 1;
  out.names.push_back(name);
  auto& planned = planned_[registry];
  auto& cursor = planned_cursor_[registry];
  // Names before the cursor already have a key (or are the caller's own), so
  // each announced name is looked at once over the whole run.
  const auto key_of = [&registry](const std::string& n) {
    std::string k = registry;
    k += ' ';
    k += n;
    return k;
  };
  while (out.names.size() < max && cursor < planned.size()) {
    const std::string& other = planned[cursor++];
    if (other != name && !keys_.count(key_of(other))) out.names.push_back(other);
  }
  const std::string single = key_prefix + " repository:" + name + ":pull";
  out.key = out.names.size() == 1 ? single : key_prefix + " batch#" + std::to_string(++batches_);
  // Marked before the key becomes visible, so no other lookup can find the key
  // and miss the token being fetched. Only mutex_ is ever held here (a wait
  // for the same key's fetch releases it).
  fetched_.wait(lock, [&] { return fetching_.count(out.key) == 0; });
  fetching_.insert(out.key);
  out.fetching = FetchTicket(*this, out.key);
  for (const auto& n : out.names) keys_[key_of(n)] = out.key;
  return out;
}

void TokenCache::wait_for_fetch(const std::string& key) {
  std::unique_lock lock(mutex_);
  fetched_.wait(lock, [&] { return fetching_.count(key) == 0; });
}

TokenCache::FetchTicket::FetchTicket(FetchTicket&& other) noexcept
    : cache_(std::exchange(other.cache_, nullptr)), key_(std::move(other.key_)) {}

TokenCache::FetchTicket& TokenCache::FetchTicket::operator=(FetchTicket&& other) noexcept {
  if (this != &other) {
    unlock();
    cache_ = std::exchange(other.cache_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

void TokenCache::FetchTicket::unlock() noexcept {
  if (cache_ == nullptr) return;
  {
    std::lock_guard lock(cache_->mutex_);
    cache_->fetching_.erase(key_);
  }
  cache_->fetched_.notify_all();
  cache_ = nullptr;
}

void TokenCache::refuse_batches(const std::string& registry) {
  std::lock_guard lock(mutex_);
  batches_refused_.insert(registry);
}

bool TokenCache::batches_refused(const std::string& registry) {
  std::lock_guard lock(mutex_);
  return batches_refused_.count(registry) > 0;
}

bool TokenCache::is_batch_key(const std::string& key) {
  return key.find(" batch#") != std::string::npos;
}

std::optional<nlohmann::json> DiscoveryCache::get(const std::string& base) {
  std::lock_guard lock(mutex_);
  auto it = docs_.find(base);
  if (it == docs_.end()) return std::nullopt;
  return it->second;
}

void DiscoveryCache::put(const std::string& base, const nlohmann::json& doc) {
  std::lock_guard lock(mutex_);
  docs_[base] = doc;
}

LookupResult failure(const net::Response& r) {
  const std::string where = net::redact(r.url);
  if (r.rate_limited_until) {
    return LookupResult::failed(
        FailureKind::rate_limited,
        "rate limited until " + net::format_utc(*r.rate_limited_until) + " by " + where, where);
  }
  if (r.status == 0) {
    FailureKind kind = FailureKind::network;
    switch (r.transport) {
      case net::TransportError::timeout: kind = FailureKind::timeout; break;
      case net::TransportError::too_large: kind = FailureKind::bad_response; break;
      default: break;
    }
    return LookupResult::failed(kind, net::redact(r.error) + " (" + where + ")", where);
  }
  FailureKind kind = FailureKind::bad_response;  // an unexpected 1xx/3xx/4xx
  if (r.status == 404 || r.status == 410) {
    kind = FailureKind::not_found;
  } else if (r.status == 401) {
    kind = FailureKind::unauthorized;
  } else if (r.status == 403) {
    kind = FailureKind::forbidden;
  } else if (r.status == 429) {
    kind = FailureKind::rate_limited;
  } else if (r.status >= 500) {
    kind = FailureKind::server_error;
  }
  return LookupResult::failed(kind, "HTTP " + std::to_string(r.status) + " from " + where, where);
}

LookupResult bad_response(const std::string& url, const std::string& what) {
  const std::string where = net::redact(url);
  return LookupResult::failed(FailureKind::bad_response, what + " from " + where, where);
}

std::optional<nlohmann::json> parse_json(const net::Response& r, LookupResult& error) {
  auto doc = nlohmann::json::parse(r.body, nullptr, false);
  if (doc.is_discarded()) {
    error = bad_response(r.url, "malformed JSON");
    return std::nullopt;
  }
  return doc;
}

std::mutex& DiscoveryCache::fetch_lock(const std::string& base) {
  std::lock_guard lock(mutex_);
  auto& slot = fetch_locks_[base];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace versiond::sources::detail
