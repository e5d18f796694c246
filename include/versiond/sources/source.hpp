// What an upstream offers: the records every source returns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "versiond/core/failure.hpp"
#include "versiond/extract/kinds.hpp"

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
  // Helm only: this chart version carries `deprecated: true`.
  bool deprecated = false;
};

struct LookupResult {
  // Why there is no answer; nullopt when the lookup succeeded.
  std::optional<Failure> failure;
  std::vector<Release> releases;  // newest first where upstream orders them; never drafts
  // Upstream facts about the package as a whole (false/"" when unknown).
  bool deprecated = false;  // Helm: the newest chart version is marked deprecated
  bool archived = false;    // GitHub: the repository is archived
  std::string last_pushed;  // Docker Hub: when the repository was last pushed (ISO 8601)
  bool ok() const noexcept { return !failure; }
  std::optional<FailureKind> failure_kind() const noexcept {
    return failure ? std::optional<FailureKind>(failure->kind) : std::nullopt;
  }
  static LookupResult failed(FailureKind kind, std::string message, std::string detail = {});
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
  Datasource datasource = Datasource::none;
  std::string package;
  std::string registry_url;

  friend bool operator==(const LookupKey&, const LookupKey&) = default;
  // clang-tidy 14 flags the literal 0 inside a defaulted <=>.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  friend auto operator<=>(const LookupKey&, const LookupKey&) = default;
};

}  // namespace versiond::sources
