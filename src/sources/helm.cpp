// Helm repositories over HTTP(S): one index.yaml download and one streaming
// parse per repository, answering every tracked chart of it.
#include "sources/context.hpp"
#include "versiond/sources/helm_index.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::sources::detail {
namespace {

std::string mirrored(const Endpoints& endpoints, const std::string& repo_url) {
  // Longest matching prefix wins, so a specific mirror beats a catch-all.
  const std::pair<const std::string, std::string>* best = nullptr;
  for (const auto& entry : endpoints.helm_repositories)
    if (repo_url.rfind(entry.first, 0) == 0 && (!best || entry.first.size() > best->first.size()))
      best = &entry;
  if (!best) return repo_url;
  return best->second + repo_url.substr(best->first.size());
}

}  // namespace

// Helm's rule: a chart is deprecated when its newest version says so.
bool newest_is_deprecated(const std::vector<Release>& versions) {
  const auto& helm = versioning::scheme_for("helm");
  const Release* newest = nullptr;
  for (const auto& r : versions) {
    if (!helm.valid(r.version)) continue;
    if (newest == nullptr || helm.compare(r.version, newest->version) > 0) newest = &r;
  }
  return newest != nullptr && newest->deprecated;
}

std::map<std::string, LookupResult> helm_repository(Context& ctx, const std::string& repo_url,
                                                    const std::set<std::string>& charts) {
  std::map<std::string, LookupResult> out;
  auto fill = [&](const LookupResult& r) {
    for (const auto& chart : charts) out[chart] = r;
  };
  std::string url = trim_slash(mirrored(ctx.endpoints, repo_url)) + "/index.yaml";
  auto response = ctx.http.fetch({url, {{"Accept", "application/x-yaml, text/yaml, */*"}}, true});
  if (!response.ok()) {
    fill(failure(response));
    return out;
  }
  auto index = parse_helm_index(response.body, charts);
  if (index.failure) {
    fill(bad_response(response.url, "malformed Helm index (" + index.failure->message + ")"));
    return out;
  }
  for (const auto& chart : charts) {
    auto it = index.charts.find(chart);
    if (it == index.charts.end()) {
      std::string why = "chart ";
      why.append(chart).append(" not in ").append(url);
      out[chart] = LookupResult::failed(FailureKind::not_found, why);
    } else {
      out[chart].deprecated = newest_is_deprecated(it->second);
      out[chart].releases = std::move(it->second);
    }
  }
  return out;
}

}  // namespace versiond::sources::detail
