// A component: one thing a repository pins, as an extractor found it.
// This is the record that flows through every later stage
// (extract -> lookup -> decide -> act -> record).
#pragma once

#include <string>
#include <vector>

namespace versiond {

struct Origin {
  std::string file;  // repository-relative, '/' separators
  int line = 0;      // 1-based
};

struct Component {
  std::string name;     // human name ("Prometheus Agent") or package for code
  std::string current;  // verbatim pinned value or constraint ("~> 4.78.0", "v3.8.1")
  std::string kind;     // what pins it: versions-table, terraform-provider, terraform-module,
                     // terraform-core, terraform-lock, argocd-helm, k8s-image, helm-values-image,
                     // helm-dependency, kustomize-image, kustomize-helm, kustomize-remote,
                     // dockerfile-image, compose-image, github-action, github-action-image,
                     // flux-helm, flux-oci
  std::string datasource;    // github-releases, github-tags, helm, terraform-provider,
                             // terraform-module, docker, endoflife, or "" when unknown
  std::string package;       // hashicorp/azurerm, prometheus/prometheus, docker.io/library/nats
  std::string registry_url;  // registry or repository URL where known
  std::string scheme;        // semver, hashicorp, helm, docker, loose
  Origin origin;
  std::vector<std::string> locations;  // VERSIONS.md rows: paths named in the Location cell
  std::string skip_reason;  // why no lookup is possible ("" = look it up): latest, digest, prose…
  std::string digest;       // images: "sha256:…" when the reference pins one
  std::string constraint;   // lock files: the constraints the lock was resolved against
  std::vector<std::string> hashes;  // lock files: h1:/zh: package hashes
};

}  // namespace versiond
