#include "versiond/extract/kinds.hpp"

#include <array>
#include <utility>

#include "versiond/core/names.hpp"

namespace versiond {

namespace {

using core::name_of;
using core::Names;
using core::value_of;

constexpr Names<PinKind, 22> pin_kinds{{
    {PinKind::versions_table, "versions-table"},
    {PinKind::terraform_provider, "terraform-provider"},
    {PinKind::terraform_module, "terraform-module"},
    {PinKind::terraform_core, "terraform-core"},
    {PinKind::terraform_lock, "terraform-lock"},
    {PinKind::terraform_aks, "terraform-aks"},
    {PinKind::argocd_helm, "argocd-helm"},
    {PinKind::argocd_oci, "argocd-oci"},
    {PinKind::k8s_image, "k8s-image"},
    {PinKind::helm_values_image, "helm-values-image"},
    {PinKind::helm_dependency, "helm-dependency"},
    {PinKind::kustomize_image, "kustomize-image"},
    {PinKind::kustomize_helm, "kustomize-helm"},
    {PinKind::kustomize_remote, "kustomize-remote"},
    {PinKind::dockerfile_image, "dockerfile-image"},
    {PinKind::compose_image, "compose-image"},
    {PinKind::github_action, "github-action"},
    {PinKind::github_action_image, "github-action-image"},
    {PinKind::flux_helm, "flux-helm"},
    {PinKind::flux_oci, "flux-oci"},
    {PinKind::terraform_helm, "terraform-helm"},
    {PinKind::terraform_image, "terraform-image"},
}};

constexpr Names<Datasource, 8> datasources{{
    {Datasource::none, ""},
    {Datasource::github_releases, "github-releases"},
    {Datasource::github_tags, "github-tags"},
    {Datasource::helm, "helm"},
    {Datasource::terraform_provider, "terraform-provider"},
    {Datasource::terraform_module, "terraform-module"},
    {Datasource::docker, "docker"},
    {Datasource::endoflife, "endoflife"},
}};

constexpr Names<SkipReason, 13> skip_reasons{{
    {SkipReason::none, ""},
    {SkipReason::latest, "latest"},
    {SkipReason::floating_tag, "floating tag"},
    {SkipReason::digest, "digest"},
    {SkipReason::no_version, "no version"},
    {SkipReason::templated, "templated"},
    {SkipReason::builtin, "builtin provider"},
    {SkipReason::commit_sha, "commit sha"},
    {SkipReason::not_a_version, "not a version"},
    {SkipReason::local_source, "local source"},
    {SkipReason::unsupported_source, "unsupported source"},
    {SkipReason::source_not_found, "source not found"},
    {SkipReason::invalid_reference, "invalid reference"},
}};

}  // namespace

std::string_view to_string(PinKind kind) noexcept { return name_of(pin_kinds, kind); }
std::string_view to_string(Datasource datasource) noexcept {
  return name_of(datasources, datasource);
}
std::string_view to_string(SkipReason reason) noexcept { return name_of(skip_reasons, reason); }

std::optional<PinKind> parse_pin_kind(std::string_view text) noexcept {
  return value_of(pin_kinds, text);
}
std::optional<Datasource> parse_datasource(std::string_view text) noexcept {
  return value_of(datasources, text);
}
std::optional<SkipReason> parse_skip_reason(std::string_view text) noexcept {
  return value_of(skip_reasons, text);
}

}  // namespace versiond
