#include "scan/oci_app_versions.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "versiond/advisory/mapping.hpp"
#include "versiond/sources/oci_chart.hpp"
#include "versiond/store/oci_charts.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::scan::detail {

std::vector<std::string> chart_versions_to_read(const std::string& pinned,
                                                const std::vector<sources::Release>& releases) {
  const auto& helm = versioning::scheme_for(versioning::SchemeId::helm);
  std::vector<std::string> stable;
  for (const auto& r : releases) {
    if (!r.prerelease && helm.valid(r.version) && helm.stable(r.version)) {
      stable.push_back(r.version);
    }
  }
  std::sort(stable.begin(), stable.end(),
            [&](const std::string& a, const std::string& b) { return helm.compare(a, b) > 0; });
  stable.erase(std::unique(stable.begin(), stable.end(),
                           [&](const std::string& a, const std::string& b) {
                             return helm.compare(a, b) == 0;
                           }),
               stable.end());
  std::set<std::string> chosen{pinned};
  // Newest first: the first k_chart_versions_each are the newest.
  for (std::size_t i = 0; i < stable.size() && i < k_chart_versions_each; ++i) {
    chosen.insert(stable[i]);
  }
  if (helm.valid(pinned)) {
    // The nearest above the pinned one: the last ones (oldest) above it.
    std::vector<std::string> above;
    for (const auto& v : stable) {
      if (helm.compare(v, pinned) > 0) above.push_back(v);
    }
    const std::size_t from = above.size() > k_chart_versions_each
                                 ? above.size() - k_chart_versions_each
                                 : std::size_t{0};
    chosen.insert(above.begin() + static_cast<std::ptrdiff_t>(from), above.end());
  }
  std::vector<std::string> out(chosen.begin(), chosen.end());
  std::sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
    const bool va = helm.valid(a);
    const bool vb = helm.valid(b);
    if (va != vb) return va;
    return va ? helm.compare(a, b) > 0 : a < b;
  });
  return out;
}

namespace {

// One OCI chart to read configs for, with the versions every component of it needs.
struct Wanted {
  sources::OciChartRef ref;
  std::set<std::string> versions;
};

}  // namespace

OciAppVersions fill_oci_app_versions(const config::Config& config,
                                     const std::vector<ComponentResult>& results,
                                     const std::vector<std::optional<sources::LookupKey>>& keys,
                                     std::map<sources::LookupKey, sources::LookupResult>& answers,
                                     store::Store& store, sources::Lookups* lookups) {
  OciAppVersions out;
  if (!config.advisories.enabled) return out;
  std::map<sources::LookupKey, Wanted> wanted;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ComponentResult& r = results[i];
    const auto& key = keys[i];
    if (!key || r.component.skipped() || !sources::is_oci_chart(*key)) continue;
    const auto* rule = advisory::find_rule(r.component, config.advisories.packages);
    if (rule == nullptr || rule->version_from != advisory::VersionFrom::app_version) continue;
    const auto answer = answers.find(*key);
    const auto ref = sources::oci_chart_ref(*key);
    if (answer == answers.end() || !answer->second.ok() || !ref) continue;
    auto& w = wanted.try_emplace(*key, Wanted{*ref, {}}).first->second;
    for (auto& v : chart_versions_to_read(r.component.current, answer->second.releases)) {
      w.versions.insert(std::move(v));
    }
  }
  for (auto& [key, w] : wanted) {
    std::map<std::string, std::string> app_versions;  // chart version -> appVersion
    std::vector<std::string> to_fetch;
    for (const auto& v : w.versions) {
      const auto row = store::oci_chart_config(store.db(), w.ref.registry, w.ref.repository,
                                               sources::oci_chart_tag(v));
      if (row) {
        ++out.from_store;
        app_versions[v] = row->app_version;
      } else if (lookups != nullptr) {
        to_fetch.push_back(v);
      }
    }
    if (!to_fetch.empty()) {
      const auto configs = lookups->oci_chart_configs(key, to_fetch);
      out.fetched += static_cast<int>(to_fetch.size());
      for (std::size_t i = 0; i < to_fetch.size(); ++i) {
        const auto& c = configs[i];
        const std::string tag = sources::oci_chart_tag(to_fetch[i]);
        if (c.failure) {
          out.errors.push_back("oci chart " + w.ref.registry + "/" + w.ref.repository + ":" + tag +
                               ": " + c.failure->describe());
        }
        // Version set: the blob was read and checked (a chart without
        // appVersion is an answer too, kept so it is not asked again).
        if (c.version.empty()) continue;
        app_versions[to_fetch[i]] = c.app_version;
        out.writes.push_back({w.ref.registry,
                              w.ref.repository,
                              tag,
                              c.manifest_digest,
                              c.config_digest,
                              c.version,
                              c.app_version,
                              {}});
      }
    }
    for (auto& rel : answers[key].releases) {
      if (const auto it = app_versions.find(rel.version); it != app_versions.end()) {
        rel.latest = it->second;
      }
    }
  }
  if (!wanted.empty()) {
    spdlog::info("advisories: {} OCI chart configs read from registries, {} from the store",
                 out.fetched, out.from_store);
  }
  return out;
}

}  // namespace versiond::scan::detail
