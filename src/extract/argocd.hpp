// ArgoCD Application manifests: Helm chart sources and inline values.
#pragma once

#include <string>

#include "extract/yaml_tree.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

bool is_argocd_application(const YamlNode& doc);

// Adds the chart and inline-values image components of one Application (or
// ApplicationSet template) document, and the values files it names, to `out`.
void extract_argocd_application(const YamlNode& doc, const std::string& file, ManifestResult& out);

}  // namespace versiond::extract
