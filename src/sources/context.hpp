// What every source function gets: the HTTP client, endpoints, credentials and
// the per-run shared state (OCI tokens, Terraform discovery), plus helpers to
// turn a failed response into a LookupResult.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "versiond/net/client.hpp"
#include "versiond/sources/endpoints.hpp"
#include "versiond/sources/lookups.hpp"
#include "versiond/sources/oci_chart.hpp"
#include "versiond/sources/source.hpp"

namespace versiond::sources::detail {

// Registry bearer tokens by realm+service+scope, reused until they expire.
class TokenCache {
 public:
  explicit TokenCache(const Clock& clock) : clock_(clock) {}
  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, const std::string& token, std::chrono::seconds lifetime);
  // Which token key a repository's challenge named, so later requests to it
  // send the token straight away instead of meeting the 401 again.
  std::string key_for(const std::string& repository);
  void remember(const std::string& repository, const std::string& key);

  // A registry's token service, learnt from its first challenge, so lookups of
  // its other repositories ask for their token without meeting a 401 first.
  struct Authority {
    std::string realm;
    std::string service;
  };
  std::optional<Authority> authority_for(const std::string& registry);
  void remember_authority(const std::string& registry, const Authority& authority);
  // Held by the one lookup that meets a registry's challenge first, so lookups
  // of it running at the same time wait for the authority instead of each
  // sending an unauthenticated request.
  std::mutex& probe_lock(const std::string& registry);

  // Batched token requests. The token protocol allows repeated `scope`
  // parameters, so once Lookups::run has announced (plan) every repository it
  // will list on a registry, the lookup that needs a token asks for its own
  // scope plus up to max-1 announced repositories that have none yet, and the
  // others reuse that token: N repositories cost about N/max token requests.
  void plan(const std::string& registry, const std::string& name);

  // Marks one token key as being fetched until released (or destroyed), so
  // other lookups wait in wait_for_fetch() instead of fetching it again.
  class FetchTicket {
   public:
    FetchTicket() = default;
    FetchTicket(TokenCache& cache, std::string key) : cache_(&cache), key_(std::move(key)) {}
    FetchTicket(FetchTicket&& other) noexcept;
    FetchTicket& operator=(FetchTicket&& other) noexcept;
    FetchTicket(const FetchTicket&) = delete;
    FetchTicket& operator=(const FetchTicket&) = delete;
    ~FetchTicket() { unlock(); }
    void unlock() noexcept;

   private:
    TokenCache* cache_ = nullptr;  // not owned; the cache outlives every lookup
    std::string key_;
  };

  struct Claim {
    std::string key;                 // the token key now remembered for every name
    std::vector<std::string> names;  // to fetch, the caller's own first; empty: `key`
                                     // was claimed by another lookup (wait_for_fetch)
    FetchTicket fetching;            // held until the caller has stored the token
  };
  // `key_prefix` is "realm service"; with one name the key is the single-scope
  // one. After refuse_batches(registry), one name per claim.
  Claim claim(const std::string& registry, const std::string& name, const std::string& key_prefix,
              std::size_t max);
  // Blocks while the lookup that claimed `key` is still fetching its token.
  void wait_for_fetch(const std::string& key);
  // A registry that answered 401 to a batched token's second scope: from then
  // on its repositories ask for one scope per token request.
  void refuse_batches(const std::string& registry);
  bool batches_refused(const std::string& registry);
  static bool is_batch_key(const std::string& key);

 private:
  std::mutex mutex_;
  std::map<std::string, std::pair<std::string, Clock::time_point>> tokens_;
  const Clock& clock_;
  std::map<std::string, std::string> keys_;
  std::map<std::string, Authority> authorities_;
  std::map<std::string, std::unique_ptr<std::mutex>> probe_locks_;
  std::map<std::string, std::vector<std::string>> planned_;  // registry → names, announce order
  std::map<std::string, std::size_t> planned_cursor_;        // first name not yet looked at
  std::set<std::string> planned_seen_;                       // "registry name", no duplicates
  // Token keys being fetched, guarded by mutex_; fetched_ is signalled when
  // one is released. (A mutex per key, locked while mutex_ was held, inverted
  // the lock order with put(): ThreadSanitizer found it.)
  std::set<std::string> fetching_;
  std::condition_variable fetched_;
  std::set<std::string> batches_refused_;
  std::size_t batches_ = 0;
};

// Terraform service discovery results by registry base URL.
class DiscoveryCache {
 public:
  std::optional<nlohmann::json> get(const std::string& base);
  void put(const std::string& base, const nlohmann::json& doc);
  // Held while one lookup fetches a registry's document, so concurrent lookups
  // of the same registry wait for it instead of fetching it again.
  std::mutex& fetch_lock(const std::string& base);

 private:
  std::mutex mutex_;
  std::map<std::string, nlohmann::json> docs_;
  std::map<std::string, std::unique_ptr<std::mutex>> fetch_locks_;
};

struct Context {
  net::HttpClient& http;
  const Endpoints& endpoints;
  const Credentials& credentials;
  const LookupOptions& options;
  TokenCache& tokens;
  DiscoveryCache& discovery;
};

// A non-ok LookupResult describing why `response` is unusable.
LookupResult failure(const net::Response& response);

// Parses a JSON body; on failure fills `error` with a bad_response result.
std::optional<nlohmann::json> parse_json(const net::Response& response, LookupResult& error);

LookupResult bad_response(const std::string& url, const std::string& what);

// Strips trailing '/' characters.
std::string trim_slash(std::string url);

// Announces to ctx.tokens the OCI repository a docker/helm-OCI key will list,
// so its token can be asked for together with others of the same registry.
// Returns the registry's base URL ("" for other keys).
std::string plan_registry_token(Context& ctx, const LookupKey& key);

// Source entry points, one per datasource family.
LookupResult github_releases(Context& ctx, const LookupKey& key);
LookupResult github_tags(Context& ctx, const LookupKey& key);
LookupResult terraform_provider(Context& ctx, const LookupKey& key);
LookupResult terraform_module(Context& ctx, const LookupKey& key);
LookupResult docker_tags(Context& ctx, const LookupKey& key);
ManifestDigest manifest_digest(Context& ctx, const LookupKey& key, const std::string& tag);
LookupResult helm_oci_chart(Context& ctx, const LookupKey& key);
// GET <registry>/v2/<chart repository>/<path> for an OCI chart key (path
// "manifests/<tag>", "blobs/<digest>") with the registry token flow of tag
// listings. `failure` is set when there is no usable response.
net::Response oci_chart_get(Context& ctx, const LookupKey& key, const std::string& path,
                            const char* accept, std::optional<Failure>& failure);
// The chart config of one OCI chart version (oci_chart.cpp).
OciChartConfig oci_chart_config(Context& ctx, const LookupKey& key, const std::string& version);
// A tag as the distribution spec allows it: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool valid_oci_tag(const std::string& tag);
// "sha256:<64 lower-case hex>" (or sha512 with 128).
bool valid_oci_digest(const std::string& digest);
LookupResult endoflife_cycles(Context& ctx, const LookupKey& key);
// One index download and parse for every chart of the repository.
// True when the highest chart version (Helm semantics) is marked deprecated.
bool newest_is_deprecated(const std::vector<Release>& versions);

std::map<std::string, LookupResult> helm_repository(Context& ctx, const std::string& repo_url,
                                                    const std::set<std::string>& charts);

}  // namespace versiond::sources::detail
