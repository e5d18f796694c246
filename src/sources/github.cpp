// GitHub REST v3: releases (drafts skipped) and tags, paginated by Link headers.
#include "sources/context.hpp"
#include "sources/semver_hint.hpp"
#include "versiond/net/pagination.hpp"
#include "versiond/net/url.hpp"

namespace versiond::sources::detail {
namespace {

std::string api_base(const Context& ctx, const LookupKey& key) {
  return trim_slash(key.registry_url.empty() ? ctx.endpoints.github_api : key.registry_url);
}

bool valid_repo(const std::string& package) {
  auto slash = package.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < package.size() &&
         package.find('/', slash + 1) == std::string::npos &&
         package.find_first_of("?#% ") == std::string::npos;
}

net::Request github_request(const Context& ctx, std::string url) {
  net::Request req;
  // The token belongs to the configured GitHub API only: a per-key base URL on
  // another origin (which may come from the repository being scanned) never gets it.
  bool trusted = net::url_origin(url) == net::url_origin(ctx.endpoints.github_api);
  req.url = std::move(url);
  req.headers = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
  if (trusted && !ctx.credentials.github_token.empty())
    req.headers.emplace_back("Authorization", "Bearer " + ctx.credentials.github_token.reveal());
  return req;
}

std::string string_field(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// Walks every page of a listing, handing each array element to `each`.
template <class Each>
LookupResult walk(Context& ctx, const LookupKey& key, const std::string& what, Each each) {
  if (!valid_repo(key.package)) {
    return LookupResult::failed(FailureKind::unsupported,
                                "not an owner/repo GitHub name: " + key.package);
  }
  LookupResult result;
  bool failed = false;
  auto req = github_request(
      ctx, api_base(ctx, key) + "/repos/" + key.package + "/" + what + "?per_page=100");
  auto last =
      net::fetch_pages(ctx.http, req, ctx.options.max_pages, [&](const net::Response& page) {
        auto doc = parse_json(page, result);
        if (!doc) {
          failed = true;
          return false;
        }
        if (!doc->is_array()) {
          result = bad_response(page.url, "expected a JSON array");
          failed = true;
          return false;
        }
        for (const auto& item : *doc)
          if (item.is_object()) each(item, result.releases);
        return true;
      });
  if (failed) return result;
  if (!last.ok()) return failure(last);
  return result;
}

}  // namespace

LookupResult github_releases(Context& ctx, const LookupKey& key) {
  return walk(ctx, key, "releases", [](const nlohmann::json& item, std::vector<Release>& out) {
    if (item.value("draft", false)) return;
    Release r;
    r.version = string_field(item, "tag_name");
    if (r.version.empty()) return;
    r.published = string_field(item, "published_at");
    if (r.published.empty()) r.published = string_field(item, "created_at");
    r.prerelease = item.value("prerelease", false);
    r.notes_url = string_field(item, "html_url");
    out.push_back(std::move(r));
  });
}

LookupResult github_tags(Context& ctx, const LookupKey& key) {
  bool public_github = api_base(ctx, key) == "https://api.github.com";
  return walk(ctx, key, "tags", [&](const nlohmann::json& item, std::vector<Release>& out) {
    Release r;
    r.version = string_field(item, "name");
    if (r.version.empty()) return;
    r.prerelease = has_semver_prerelease(r.version);
    if (public_github)
      r.notes_url = "https://github.com/" + key.package + "/releases/tag/" + r.version;
    out.push_back(std::move(r));
  });
}

}  // namespace versiond::sources::detail
