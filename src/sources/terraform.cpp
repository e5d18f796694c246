// Terraform registry protocol: service discovery, provider and module versions.
#include "sources/context.hpp"
#include "sources/semver_hint.hpp"
#include "versiond/net/pagination.hpp"

namespace versiond::sources::detail {
namespace {

constexpr const char* public_host = "registry.terraform.io";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) return parts;
    start = pos + 1;
  }
}

struct Address {
  std::string host;  // "" = default registry
  std::vector<std::string> path;
};

// "ns/type" or "host/ns/type" (providers: parts = 2), "ns/name/provider" or with host (modules: 3).
std::optional<Address> parse_address(const std::string& package, std::size_t parts) {
  auto pieces = split(package, '/');
  for (const auto& p : pieces)
    if (p.empty() || p.find_first_of("?#% ") != std::string::npos) return std::nullopt;
  Address a;
  if (pieces.size() == parts + 1) {
    a.host = pieces.front();
    pieces.erase(pieces.begin());
  }
  if (pieces.size() != parts) return std::nullopt;
  a.path = std::move(pieces);
  return a;
}

std::string registry_base(const Context& ctx, const LookupKey& key, const std::string& host) {
  if (!key.registry_url.empty()) return trim_slash(key.registry_url);
  if (!host.empty()) {
    auto mirror = ctx.endpoints.registry_mirrors.find(host);
    if (mirror != ctx.endpoints.registry_mirrors.end()) return trim_slash(mirror->second);
    if (host != public_host) return "https://" + host;
  }
  return trim_slash(ctx.endpoints.terraform_registry);
}

// The service URL ("providers.v1"/"modules.v1") of a registry, via /.well-known/terraform.json.
std::optional<std::string> discover(Context& ctx, const std::string& base, const char* service,
                                    LookupResult& error) {
  std::unique_lock fetching(ctx.discovery.fetch_lock(base));
  auto doc = ctx.discovery.get(base);
  if (!doc) {
    net::Request req{base + "/.well-known/terraform.json", {{"Accept", "application/json"}}, true};
    auto r = ctx.http.fetch(req);
    if (!r.ok()) {
      error = failure(r);
      return std::nullopt;
    }
    doc = parse_json(r, error);
    if (!doc) return std::nullopt;
    if (!doc->is_object()) {
      error = bad_response(r.url, "service discovery document is not an object");
      return std::nullopt;
    }
    ctx.discovery.put(base, *doc);
  }
  fetching.unlock();
  auto it = doc->find(service);
  if (it == doc->end() || !it->is_string()) {
    error = LookupResult::failed(FailureKind::unsupported, base + " does not offer " + service);
    return std::nullopt;
  }
  std::string url = net::resolve_url(base + "/", it->get<std::string>());
  if (url.back() != '/') url += '/';
  return url;
}

std::optional<nlohmann::json> get_versions(Context& ctx, const std::string& url,
                                           LookupResult& error) {
  auto r = ctx.http.fetch({url, {{"Accept", "application/json"}}, true});
  if (!r.ok()) {
    error = failure(r);
    return std::nullopt;
  }
  return parse_json(r, error);
}

Release make_release(const nlohmann::json& v, const std::string& notes_prefix) {
  Release r;
  auto it = v.find("version");
  if (it != v.end() && it->is_string()) r.version = it->get<std::string>();
  r.prerelease = has_semver_prerelease(r.version);
  if (!notes_prefix.empty() && !r.version.empty()) r.notes_url = notes_prefix + r.version;
  return r;
}

// Release pages exist only on the public registry's web site: the package is
// public when its address names that host (even if a mirror serves it), or
// names no host and the default registry is the public one.
bool is_public(const Address& a, const std::string& base) {
  return a.host == public_host || (a.host.empty() && base == std::string("https://") + public_host);
}

}  // namespace

LookupResult terraform_provider(Context& ctx, const LookupKey& key) {
  auto address = parse_address(key.package, 2);
  if (!address)
    return LookupResult::failed(FailureKind::unsupported,
                                "not a Terraform provider address: " + key.package);
  LookupResult result;
  auto base = registry_base(ctx, key, address->host);
  auto service = discover(ctx, base, "providers.v1", result);
  if (!service) return result;
  auto url = *service + address->path[0] + "/" + address->path[1] + "/versions";
  auto doc = get_versions(ctx, url, result);
  if (!doc) return result;
  auto versions = doc->find("versions");
  if (!doc->is_object() || versions == doc->end() || !versions->is_array())
    return bad_response(url, "no versions array");
  std::string notes = is_public(*address, base)
                          ? std::string("https://registry.terraform.io/providers/") +
                                address->path[0] + "/" + address->path[1] + "/"
                          : "";
  for (const auto& v : *versions) {
    if (!v.is_object()) continue;
    auto r = make_release(v, notes);
    if (!r.version.empty()) result.releases.push_back(std::move(r));
  }
  return result;
}

LookupResult terraform_module(Context& ctx, const LookupKey& key) {
  auto address = parse_address(key.package, 3);
  if (!address)
    return LookupResult::failed(FailureKind::unsupported,
                                "not a Terraform module address: " + key.package);
  LookupResult result;
  auto base = registry_base(ctx, key, address->host);
  auto service = discover(ctx, base, "modules.v1", result);
  if (!service) return result;
  auto url =
      *service + address->path[0] + "/" + address->path[1] + "/" + address->path[2] + "/versions";
  auto doc = get_versions(ctx, url, result);
  if (!doc) return result;
  auto modules = doc->find("modules");
  if (!doc->is_object() || modules == doc->end() || !modules->is_array())
    return bad_response(url, "no modules array");
  std::string notes = is_public(*address, base)
                          ? std::string("https://registry.terraform.io/modules/") +
                                address->path[0] + "/" + address->path[1] + "/" + address->path[2] +
                                "/"
                          : "";
  for (const auto& m : *modules) {
    auto versions = m.find("versions");
    if (!m.is_object() || versions == m.end() || !versions->is_array()) continue;
    for (const auto& v : *versions) {
      if (!v.is_object()) continue;
      auto r = make_release(v, notes);
      if (!r.version.empty()) result.releases.push_back(std::move(r));
    }
  }
  return result;
}

}  // namespace versiond::sources::detail
