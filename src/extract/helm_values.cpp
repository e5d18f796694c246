// Helm values files: images at any depth.
#include "extract/yaml_images.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

std::vector<Component> extract_helm_values(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  for (const YamlNode& doc : parse_yaml(text, file)) {
    collect_values_images(doc, file, PinKind::helm_values_image, out);
  }
  return out;
}

}  // namespace versiond::extract
