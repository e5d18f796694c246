// Kubernetes manifests (multi-document YAML), ArgoCD Applications and Flux objects.
#include "extract/argocd.hpp"
#include "extract/flux.hpp"
#include "extract/yaml_images.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

ManifestResult extract_manifests(std::string_view text, const std::string& file) {
  ManifestResult out;
  for (const YamlNode& doc : parse_yaml(text, file)) {
    // Only Kubernetes objects: other YAML (CI workflows, compose files) is ignored.
    if (!doc.is_map() || doc.str("apiVersion").empty() || doc.str("kind").empty()) {
      continue;
    }
    if (is_argocd_application(doc)) {
      extract_argocd_application(doc, file, out);
    } else if (is_flux_object(doc)) {
      extract_flux_object(doc, file, out);
    } else {
      collect_pod_images(doc, file, out.components);
    }
  }
  return out;
}

}  // namespace versiond::extract
