// Flux CD objects: HelmRelease charts, HelmRepository and OCIRepository sources.
#pragma once

#include <string>

#include "extract/yaml_tree.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

// True for the source.toolkit/helm.toolkit objects extract_flux_object reads.
bool is_flux_object(const YamlNode& doc);

// HelmRelease → out.flux_charts (spec.chart.spec; chartRef to an
// OCIRepository pins nothing itself), HelmRepository → out.flux_sources,
// OCIRepository with ref.tag or ref.semver → a component.
void extract_flux_object(const YamlNode& doc, const std::string& file, ManifestResult& out);

}  // namespace versiond::extract
