// The closed sets a component is described by: what pins it, where its
// versions come from, and why it cannot be looked up. Each has one
// to_string/parse pair; the strings are what the CLI prints and the store keeps.
#pragma once

#include <optional>
#include <string_view>

namespace versiond {

// What pins a component (the extractor and the construct it read).
enum class PinKind {
  versions_table,
  terraform_provider,
  terraform_module,
  terraform_core,
  terraform_lock,
  terraform_aks,  // azurerm_kubernetes_cluster kubernetes_version
  argocd_helm,
  argocd_oci,  // an ArgoCD source whose repoURL is oci:// (no chart)
  k8s_image,
  helm_values_image,
  helm_dependency,
  kustomize_image,
  kustomize_helm,
  kustomize_remote,
  dockerfile_image,
  compose_image,
  github_action,
  github_action_image,
  flux_helm,
  flux_oci,
  terraform_helm,   // resource "helm_release"
  terraform_image,  // docker_image, docker_container, kubernetes_* container images
};

// Where upstream versions of a component are looked up.
enum class Datasource {
  none,  // no upstream known
  github_releases,
  github_tags,
  helm,
  terraform_provider,
  terraform_module,
  docker,
  endoflife,
};

// Why a component is not looked up (none: it is).
enum class SkipReason {
  none,
  latest,              // "latest" or no tag at all
  floating_tag,        // stable, edge, main, nightly …
  digest,              // pinned by digest only
  no_version,          // nothing pinned (no constraint, no tag, no targetRevision …)
  templated,           // a template or variable without a default
  builtin,             // terraform's builtin provider
  commit_sha,          // a git commit, not a release
  not_a_version,       // prose or a value no scheme reads
  local_source,        // a chart or module on the local file system
  unsupported_source,  // a repository or source versiond cannot query
  source_not_found,    // the source the pin names is not in the repository
  invalid_reference,   // an image reference that does not parse
};

std::string_view to_string(PinKind kind) noexcept;
std::string_view to_string(Datasource datasource) noexcept;
std::string_view to_string(SkipReason reason) noexcept;

std::optional<PinKind> parse_pin_kind(std::string_view text) noexcept;
std::optional<Datasource> parse_datasource(std::string_view text) noexcept;
std::optional<SkipReason> parse_skip_reason(std::string_view text) noexcept;

}  // namespace versiond
