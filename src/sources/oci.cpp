// OCI distribution API: /v2/<name>/tags/list with Link pagination and the
// anonymous bearer-token flow (401 + WWW-Authenticate: Bearer realm=…).
#include <algorithm>
#include <cctype>

#include "sources/bearer_challenge.hpp"
#include "sources/context.hpp"
#include "sources/semver_hint.hpp"
#include "versiond/net/pagination.hpp"
#include "versiond/net/redact.hpp"
#include "versiond/sources/oci_chart.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::sources::detail {
namespace {

struct Repository {
  std::string base;  // registry base URL, no trailing '/'
  std::string name;  // repository path ("library/nginx")
  bool hub = false;  // a Docker Hub repository (its web API knows when it was last pushed)
};

bool is_docker_hub(const std::string& host) {
  return host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io" ||
         host == "registry.hub.docker.com";
}

// Splits "ghcr.io/org/app" / "nginx" / "localhost:5000/x" into registry host and path.
std::pair<std::string, std::string> split_reference(const std::string& image) {
  auto slash = image.find('/');
  if (slash != std::string::npos) {
    std::string first = image.substr(0, slash);
    if (first.find_first_of(".:") != std::string::npos || first == "localhost")
      return {first, image.substr(slash + 1)};
  }
  return {"docker.io", image};
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  for (char c : name) {
    bool ok = std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return name.find("..") == std::string::npos;
}

std::optional<Repository> locate(const Context& ctx, const std::string& host_in, std::string name,
                                 const std::string& registry_url) {
  std::string host = host_in;
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool hub = is_docker_hub(host);
  if (hub) {
    host = "docker.io";
    if (name.find('/') == std::string::npos) name = "library/" + name;
  }
  if (!valid_name(name)) return std::nullopt;
  Repository repo;
  repo.name = name;
  repo.hub = hub;
  // A configured mirror wins over the registry URL the extractor inferred from
  // the image reference (usually just "https://<host>"): mirrors are explicit.
  auto mirror = ctx.endpoints.registry_mirrors.find(host);
  if (mirror != ctx.endpoints.registry_mirrors.end())
    repo.base = trim_slash(mirror->second);
  else if (!registry_url.empty())
    repo.base = trim_slash(registry_url);
  else if (hub)
    repo.base = trim_slash(ctx.endpoints.docker_hub);
  else
    repo.base = "https://" + host;
  return repo;
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Scopes per token request: enough to cut the token requests of a large
// repository twentyfold, few enough that the URL (about 60 bytes a scope) and
// the token (Docker Hub's JWT lists every granted repository) stay a few KiB.
constexpr std::size_t kScopesPerTokenRequest = 20;

std::string pull_scope(const std::string& name) { return "repository:" + name + ":pull"; }

// An anonymous token for (realm, service, scopes), from the cache or the token
// service. Token responses hold secrets: never cached on disk, never logged.
std::optional<std::string> obtain_token(Context& ctx, const std::string& token_key,
                                        const std::string& realm, const std::string& service,
                                        const std::vector<std::string>& scopes,
                                        LookupResult& error) {
  if (auto token = ctx.tokens.get(token_key)) return token;
  std::string token_url = realm;
  char separator = realm.find('?') == std::string::npos ? '?' : '&';
  if (!service.empty()) {
    token_url += separator + ("service=" + url_encode(service));
    separator = '&';
  }
  for (const auto& scope : scopes) {
    token_url += separator + ("scope=" + url_encode(scope));
    separator = '&';
  }
  auto tr = ctx.http.fetch({token_url, {{"Accept", "application/json"}}, false});
  if (!tr.ok()) {
    error = failure(tr);
    error.failure->message = "registry token: " + error.failure->message;
    return std::nullopt;
  }
  auto doc = parse_json(tr, error);
  if (!doc) return std::nullopt;
  std::string value;
  if (doc->is_object()) {
    for (const char* field : {"token", "access_token"}) {
      auto it = doc->find(field);
      if (it != doc->end() && it->is_string() && !it->get<std::string>().empty()) {
        value = it->get<std::string>();
        break;
      }
    }
  }
  if (value.empty()) {
    error = bad_response(tr.url, "registry token response without a token");
    return std::nullopt;
  }
  net::register_secret(value);
  long long lifetime = 60;
  if (doc->contains("expires_in") && (*doc)["expires_in"].is_number_integer())
    lifetime = std::max(60LL, (*doc)["expires_in"].get<long long>());
  ctx.tokens.put(token_key, value, std::chrono::seconds(lifetime));
  return value;
}

constexpr const char* kJson = "application/json";

net::Response challenged_get(Context& ctx, const Repository& repo, const std::string& url,
                             std::string& token_key, LookupResult& error, const char* accept);

// GET with the registry token flow: on 401 Bearer, fetch (or reuse) an anonymous token.
// Once a registry's token service is known, a repository not seen yet asks for
// its token before the first request, saving the unauthenticated round trip,
// and asks for it together with other repositories of the registry still to
// be listed (TokenCache::claim).
net::Response registry_get(Context& ctx, const Repository& repo, const std::string& url,
                           std::string& token_key, LookupResult& error,
                           const char* accept = kJson) {
  if (token_key.empty() && !ctx.tokens.authority_for(repo.base)) {
    // First contact with this registry: one lookup probes it, the others wait.
    std::unique_lock probe(ctx.tokens.probe_lock(repo.base));
    if (!ctx.tokens.authority_for(repo.base)) {
      auto r = challenged_get(ctx, repo, url, token_key, error, accept);
      // An empty realm records "answered without a challenge".
      if (!ctx.tokens.authority_for(repo.base)) ctx.tokens.remember_authority(repo.base, {});
      return r;
    }
  }
  // Another lookup may have claimed this repository in its batch meanwhile.
  if (token_key.empty()) token_key = ctx.tokens.key_for(repo.base + " " + repo.name);
  if (TokenCache::is_batch_key(token_key) && ctx.tokens.batches_refused(repo.base))
    token_key.clear();
  if (token_key.empty()) {
    auto authority = ctx.tokens.authority_for(repo.base);
    if (authority && !authority->realm.empty()) {
      auto claim =
          ctx.tokens.claim(repo.base, repo.name, authority->realm + " " + authority->service,
                           kScopesPerTokenRequest);
      token_key = claim.key;
      if (!claim.names.empty()) {
        std::vector<std::string> scopes;
        for (const auto& name : claim.names) scopes.push_back(pull_scope(name));
        if (!obtain_token(ctx, token_key, authority->realm, authority->service, scopes, error)) {
          if (scopes.size() == 1) return {};
          // A token service that rejects several scopes at once: one scope per
          // request from now on. The other repositories of the failed batch find
          // no token and meet the challenge, which asks for their own scope.
          ctx.tokens.refuse_batches(repo.base);
          claim.fetching.unlock();
          auto single = ctx.tokens.claim(repo.base, repo.name,
                                         authority->realm + " " + authority->service, 1);
          token_key = single.key;
          error = {};
          if (!obtain_token(ctx, token_key, authority->realm, authority->service,
                            {pull_scope(repo.name)}, error))
            return {};
        }
      }
    }
  }
  // A batch claimed by another lookup may still be in flight.
  if (!token_key.empty() && !ctx.tokens.get(token_key)) ctx.tokens.wait_for_fetch(token_key);
  return challenged_get(ctx, repo, url, token_key, error, accept);
}

// One GET, answering a 401 Bearer challenge with a token (learning the
// registry's token service on the way).
net::Response challenged_get(Context& ctx, const Repository& repo, const std::string& url,
                             std::string& token_key, LookupResult& error, const char* accept) {
  net::Request req{url, {{"Accept", accept}}, true};
  bool sent_batch_token = false;
  if (!token_key.empty()) {
    if (auto token = ctx.tokens.get(token_key)) {
      req.headers.emplace_back("Authorization", "Bearer " + *token);
      sent_batch_token = TokenCache::is_batch_key(token_key);
    }
  }
  auto r = ctx.http.fetch(req);
  if (r.status != 401) return r;
  // The token service ignored this repository's scope in the batch: fall back
  // to one scope per token request for this registry.
  if (sent_batch_token) ctx.tokens.refuse_batches(repo.base);
  auto challenge = parse_bearer_challenge(r.header("www-authenticate"));
  auto realm = challenge.find("realm");
  if (realm == challenge.end() || realm->second.empty()) return r;
  std::string scope = challenge.count("scope") ? challenge["scope"] : pull_scope(repo.name);
  std::string service = challenge.count("service") ? challenge["service"] : "";
  ctx.tokens.remember_authority(repo.base, {realm->second, service});
  token_key = realm->second + " " + service + " " + scope;
  ctx.tokens.remember(repo.base + " " + repo.name, token_key);
  auto token = obtain_token(ctx, token_key, realm->second, service, {scope}, error);
  if (!token) return {};
  std::erase_if(req.headers, [](const auto& h) { return h.first == "Authorization"; });
  req.headers.emplace_back("Authorization", "Bearer " + *token);
  return ctx.http.fetch(req);
}

LookupResult list_tags(Context& ctx, const Repository& repo, bool helm_chart) {
  LookupResult result;
  const auto& docker_tags = versioning::scheme_for(versioning::SchemeId::docker);
  std::string url = repo.base + "/v2/" + repo.name + "/tags/list?n=1000";
  std::string token_key = ctx.tokens.key_for(repo.base + " " + repo.name);
  for (int page = 0; page < ctx.options.max_pages; ++page) {
    LookupResult error;
    auto r = registry_get(ctx, repo, url, token_key, error);
    if (!error.ok()) return error;
    if (!r.ok()) return failure(r);
    auto doc = parse_json(r, error);
    if (!doc) return error;
    auto tags = doc->is_object() ? doc->find("tags") : doc->end();
    if (!doc->is_object() || tags == doc->end() || !(tags->is_array() || tags->is_null()))
      return bad_response(r.url, "no tags array");
    if (tags->is_array()) {
      for (const auto& t : *tags) {
        // No tag is empty: an empty string would be a release without a version.
        if (!t.is_string() || t.get_ref<const std::string&>().empty()) continue;
        Release rel;
        rel.version = t.get<std::string>();
        // OCI tags cannot hold '+': Helm pushes SemVer build metadata as '_'.
        if (helm_chart)
          for (auto& c : rel.version)
            if (c == '_') c = '+';
        // An image tag's suffix is a variant (2.541.1-lts-jdk21 is stable), so
        // image tags are read as the docker scheme reads them.
        rel.prerelease = helm_chart
                             ? has_semver_prerelease(rel.version)
                             : docker_tags.valid(rel.version) && !docker_tags.stable(rel.version);
        result.releases.push_back(std::move(rel));
      }
    }
    auto next = net::next_link(r.header("link"), r.url);
    if (!next || *next == url) break;
    url = *next;
  }
  return result;
}

// "nginx:1.25@sha256:…" → "nginx": the lookup wants the repository, not the pinned tag or digest.
std::string without_tag(std::string image) {
  if (auto at = image.find('@'); at != std::string::npos) image.resize(at);
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
    image.resize(colon);
  return image;
}

std::optional<Repository> image_repository(const Context& ctx, const LookupKey& key) {
  auto [host, name] = split_reference(without_tag(key.package));
  return locate(ctx, host, name, key.registry_url);
}

// registry_url "oci://host/path", chart name in package.
std::optional<Repository> chart_repository(const Context& ctx, const LookupKey& key) {
  const auto ref = oci_chart_ref(key);
  if (!ref) return std::nullopt;
  return locate(ctx, ref->registry, ref->repository, "");
}

}  // namespace

std::string plan_registry_token(Context& ctx, const LookupKey& key) {
  std::optional<Repository> repo;
  if (key.datasource == Datasource::docker)
    repo = image_repository(ctx, key);
  else if (is_oci_chart(key))
    repo = chart_repository(ctx, key);
  if (!repo) return {};
  ctx.tokens.plan(repo->base, repo->name);
  return repo->base;
}

// Docker Hub's registry API lists tags without dates; its web API says when
// the repository was last pushed, which tells an abandoned image from a quiet
// one. A failed or unexpected answer leaves the date unknown, never fails the lookup.
void hub_last_pushed(Context& ctx, const Repository& repo, LookupResult& result) {
  if (!result.ok() || !repo.hub || ctx.endpoints.docker_hub_api.empty()) return;
  const auto slash = repo.name.find('/');
  const std::string url = trim_slash(ctx.endpoints.docker_hub_api) + "/v2/namespaces/" +
                          repo.name.substr(0, slash) + "/repositories/" +
                          repo.name.substr(slash + 1);
  const auto response = ctx.http.fetch({url, {{"Accept", "application/json"}}, true});
  if (!response.ok()) return;
  const auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (!doc.is_object()) return;
  const auto it = doc.find("last_updated");
  if (it != doc.end() && it->is_string()) result.last_pushed = it->get<std::string>();
}

LookupResult docker_tags(Context& ctx, const LookupKey& key) {
  auto repo = image_repository(ctx, key);
  if (!repo)
    return LookupResult::failed(FailureKind::unsupported,
                                "not an image repository name: " + key.package);
  auto result = list_tags(ctx, *repo, false);
  hub_last_pushed(ctx, *repo, result);
  return result;
}

namespace {

// What a manifest request accepts: a multi-platform index or list first (its
// digest is what `docker pull image:tag@digest` resolves on every platform),
// then the single manifests a one-platform tag is.
constexpr const char* kManifestAccept =
    "application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

}  // namespace

// A tag as the distribution spec allows it: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool valid_oci_tag(const std::string& tag) {
  if (tag.empty() || tag.size() > 128 || tag.front() == '.' || tag.front() == '-') return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

// "sha256:<64 lower-case hex>" (or sha512 with 128): a digest fit to write into a file.
bool valid_oci_digest(const std::string& digest) {
  const auto colon = digest.find(':');
  if (colon == std::string::npos) return false;
  const std::string algorithm = digest.substr(0, colon);
  const std::string hex = digest.substr(colon + 1);
  const std::size_t want = algorithm == "sha256" ? 64 : algorithm == "sha512" ? 128 : 0;
  return want != 0 && hex.size() == want && std::all_of(hex.begin(), hex.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

ManifestDigest manifest_digest(Context& ctx, const LookupKey& key, const std::string& tag) {
  auto repo = image_repository(ctx, key);
  if (!repo)
    return {{},
            Failure{FailureKind::unsupported, "not an image repository name: " + key.package, {}}};
  if (!valid_oci_tag(tag))
    return {{}, Failure{FailureKind::unsupported, "not an image tag: '" + tag + "'", {}}};
  const std::string url = repo->base + "/v2/" + repo->name + "/manifests/" + tag;
  std::string token_key = ctx.tokens.key_for(repo->base + " " + repo->name);
  LookupResult error;
  const auto r = registry_get(ctx, *repo, url, token_key, error, kManifestAccept);
  if (!error.ok()) return {{}, error.failure};
  if (!r.ok()) return {{}, failure(r).failure};
  const std::string digest = r.header("docker-content-digest");
  if (!valid_oci_digest(digest)) {
    return {{},
            bad_response(r.url, digest.empty() ? "no Docker-Content-Digest header"
                                               : "a malformed Docker-Content-Digest")
                .failure};
  }
  return {digest, std::nullopt};
}

net::Response oci_chart_get(Context& ctx, const LookupKey& key, const std::string& path,
                            const char* accept, std::optional<Failure>& failure) {
  const auto repo = chart_repository(ctx, key);
  if (!repo) {
    failure =
        Failure{FailureKind::unsupported, "not an OCI chart reference: " + key.registry_url, {}};
    return {};
  }
  const std::string url = repo->base + "/v2/" + repo->name + "/" + path;
  std::string token_key = ctx.tokens.key_for(repo->base + " " + repo->name);
  LookupResult error;
  auto r = registry_get(ctx, *repo, url, token_key, error, accept);
  if (!error.ok()) {
    failure = error.failure;
  } else if (!r.ok()) {
    failure = detail::failure(r).failure;
  }
  return r;
}

LookupResult helm_oci_chart(Context& ctx, const LookupKey& key) {
  auto repo = chart_repository(ctx, key);
  if (!repo)
    return LookupResult::failed(FailureKind::unsupported,
                                "not an OCI chart reference: " + key.registry_url);
  return list_tags(ctx, *repo, true);
}

}  // namespace versiond::sources::detail
