// The extractors: one pure function per file kind, text in, components out.
// Each throws versiond::Error (input) as "file:line: message" on malformed
// input; `file` is the repository-relative name used in origins and messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "versiond/extract/component.hpp"

namespace versiond::extract {

// Version-tracking tables (VERSIONS.md, VERSION-TRACKING.md): one component
// per row of every GFM table whose header has a component and a current column.
std::vector<Component> extract_versions_table(std::string_view markdown, const std::string& file);

// *.tf: terraform.required_version, required_providers, module blocks.
std::vector<Component> extract_terraform(std::string_view text, const std::string& file);

// .terraform.lock.hcl: provider address, version, constraints, hashes.
std::vector<Component> extract_terraform_lock(std::string_view text, const std::string& file);

// A Flux source object (HelmRepository) that HelmReleases name, usually from
// another file: resolved by the inventory once every file has been read.
struct FluxSource {
  std::string kind;  // HelmRepository
  std::string name;
  std::string namespace_;  // "" when the manifest leaves it to kustomize/flux
  std::string url;         // https://… or oci://…
};

// A Flux HelmRelease's chart, waiting for its source's URL.
struct FluxChart {
  Component component;  // registry_url not set yet
  FluxSource source;    // kind, name and namespace of spec.chart.spec.sourceRef
};

struct ManifestResult {
  std::vector<Component> components;
  // Repository-relative values files named by ArgoCD apps ("$values/x.yaml" -> "x.yaml").
  std::vector<std::string> value_files;
  std::vector<FluxSource> flux_sources;
  std::vector<FluxChart> flux_charts;
};

// Flux HelmReleases get their source's URL (the same namespace first, else the
// only source of that kind and name); a release whose source is not in the
// repository keeps skip_reason saying so.
std::vector<Component> resolve_flux_charts(const std::vector<FluxChart>& charts,
                                           const std::vector<FluxSource>& sources);

// Kubernetes manifests, ArgoCD Applications and Flux HelmRelease /
// HelmRepository / OCIRepository objects (multi-document YAML).
ManifestResult extract_manifests(std::string_view text, const std::string& file);

// Helm values files: every `image` mapping or `image: repo:tag` string.
std::vector<Component> extract_helm_values(std::string_view text, const std::string& file);

// Chart.yaml: each entry of `dependencies` (name, version, repository).
std::vector<Component> extract_helm_chart(std::string_view text, const std::string& file);

// Dockerfile / Containerfile: the image of every FROM that is not `scratch` or
// an earlier build stage, with global ARG defaults substituted.
std::vector<Component> extract_dockerfile(std::string_view text, const std::string& file);

// Docker Compose files: the `image` of every service, with the defaults of
// ${VAR:-default} references filled in.
std::vector<Component> extract_compose(std::string_view text, const std::string& file);

// GitHub Actions workflows (.github/workflows/*.yml) and composite actions
// (action.yml): every `uses: owner/repo[/path]@ref` and `uses: docker://image`.
std::vector<Component> extract_github_actions(std::string_view text, const std::string& file);

// kustomization.yaml: `images` overrides (name/newName, newTag, digest) and
// `helmCharts` (name, repo, version).
std::vector<Component> extract_kustomization(std::string_view text, const std::string& file);

}  // namespace versiond::extract
