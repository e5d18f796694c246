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

// A field of the wrong type in an answer: the lookup fails naming it.
struct WrongType : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A boolean field; missing or null reads as false.
bool bool_field(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return false;
  if (!it->is_boolean()) {
    throw WrongType(std::string("field '") + name + "' is " + it->type_name() +
                    ", expected a boolean");
  }
  return it->get<bool>();
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
        try {
          for (const auto& item : *doc)
            if (item.is_object()) each(item, result.releases);
        } catch (const WrongType& e) {
          result = bad_response(page.url, e.what());
          failed = true;
          return false;
        }
        return true;
      });
  if (failed) return result;
  if (!last.ok()) return failure(last);
  return result;
}

// Whether the repository is archived (read-only: it will publish nothing
// new). Asked only with a token: it costs one request per repository, and
// without a token GitHub allows 60 requests an hour, which the releases need.
// An answer that does not say leaves the flag unset; it never fails the lookup.
void mark_archived(Context& ctx, const LookupKey& key, LookupResult& result) {
  if (!result.ok() || ctx.credentials.github_token.empty()) return;
  const auto req = github_request(ctx, api_base(ctx, key) + "/repos/" + key.package);
  const auto response = ctx.http.fetch(req);
  if (!response.ok()) return;
  const auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_object()) {
    const auto it = doc.find("archived");
    result.archived = it != doc.end() && it->is_boolean() && it->get<bool>();
  }
}

}  // namespace

LookupResult github_releases(Context& ctx, const LookupKey& key) {
  auto result =
      walk(ctx, key, "releases", [](const nlohmann::json& item, std::vector<Release>& out) {
        if (bool_field(item, "draft")) return;
        Release r;
        r.version = string_field(item, "tag_name");
        if (r.version.empty()) return;
        r.published = string_field(item, "published_at");
        if (r.published.empty()) r.published = string_field(item, "created_at");
        r.prerelease = bool_field(item, "prerelease");
        r.notes_url = string_field(item, "html_url");
        out.push_back(std::move(r));
      });
  mark_archived(ctx, key, result);
  return result;
}

LookupResult github_tags(Context& ctx, const LookupKey& key) {
  bool public_github = api_base(ctx, key) == "https://api.github.com";
  auto result = walk(ctx, key, "tags", [&](const nlohmann::json& item, std::vector<Release>& out) {
    Release r;
    r.version = string_field(item, "name");
    if (r.version.empty()) return;
    r.prerelease = has_semver_prerelease(r.version);
    if (public_github)
      r.notes_url = "https://github.com/" + key.package + "/releases/tag/" + r.version;
    out.push_back(std::move(r));
  });
  mark_archived(ctx, key, result);
  return result;
}

}  // namespace versiond::sources::detail
