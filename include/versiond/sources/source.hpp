// What an upstream offers: the records every source returns.
#pragma once

#include <string>
#include <vector>

namespace versiond::sources {

struct Release {
  std::string version;      // as upstream spells it (tag name, chart version, cycle)
  std::string published;    // ISO-8601 ("2026-01-31T10:00:00Z" or "2026-01-31"), "" when unknown
  bool prerelease = false;  // GitHub prerelease flag, or a SemVer pre-release suffix ("-rc.1")
  std::string notes_url;    // release notes page, "" when none
  // endoflife only: end-of-life of this cycle: "YYYY-MM-DD", "ended" when upstream
  // says it has ended without a date, "" when no end is announced.
  std::string eol;
  // endoflife only: newest patch release of this cycle ("1.28.15"); Helm: the chart's appVersion.
  std::string latest;
};

enum class LookupStatus {
  ok,
  not_found,  // 404 / unknown package / chart not in the index
  timeout,
  rate_limited,   // reason says until when
  network_error,  // DNS, refused, TLS, truncated, 5xx after retries
  bad_response,   // malformed JSON/YAML, unexpected shape, too large
  unsupported,    // unknown datasource or unusable package name
  offline,        // lookups disabled (--offline)
};

const char* to_string(LookupStatus status) noexcept;

struct LookupResult {
  LookupStatus status = LookupStatus::ok;
  // One line for people, "" when ok: "HTTP 404 from https://…", "timeout after 30 s",
  // "rate limited until 2026-11-29T22:00:00Z". Never contains a secret.
  std::string reason;
  std::vector<Release> releases;  // newest first where upstream orders them; never drafts
};

// What to look up. datasource is one of:
//   github-releases, github-tags  package "owner/repo"; registry_url: GitHub API base (GHE) or ""
//   helm                          package = chart name; registry_url = "https://…/charts"
//   (index.yaml
//                                 repository) or "oci://host/path" (chart in an OCI registry)
//   terraform-provider            package "namespace/type" or "host/namespace/type"
//   terraform-module              package "namespace/name/provider" or
//   "host/namespace/name/provider" docker                        package = image ("nginx",
//   "ghcr.io/org/app", "docker.io/library/nginx";
//                                 a ":tag" or "@digest" is ignored); registry_url optional registry
//                                 base
//   endoflife                     package = product ("kubernetes", "azure-kubernetes-service")
struct LookupKey {
  std::string datasource;
  std::string package;
  std::string registry_url;

  friend bool operator==(const LookupKey&, const LookupKey&) = default;
  friend auto operator<=>(const LookupKey&, const LookupKey&) = default;
};

}  // namespace versiond::sources
