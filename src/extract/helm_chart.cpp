// Chart.yaml: the charts an umbrella chart depends on (`dependencies:`).
#include "extract/chart_component.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

std::vector<Component> extract_helm_chart(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  for (const YamlNode& doc : parse_yaml(text, file)) {
    if (!doc.is_map()) continue;
    if (const YamlNode* deps = optional_list(doc, "dependencies", file)) {
      append_chart_entries(*deps, "repository", PinKind::helm_dependency, "dependency", file, out);
    }
  }
  return out;
}

}  // namespace versiond::extract
