// kustomization.yaml: image overrides (`images:`) and inflated Helm charts
// (`helmCharts:`).
#include "extract/chart_component.hpp"
#include "extract/image_component.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

// One `images:` entry: name (what the manifests say), newName, newTag, digest.
Component image_override(const YamlNode& entry, const std::string& file) {
  const std::string name = entry.str("name");
  if (!entry.is_map() || name.empty()) {
    throw input_error(file, entry.line, "an images entry needs a 'name'");
  }
  const std::string new_name = entry.str("newName");
  const std::string tag = entry.str("newTag");
  const std::string digest = entry.str("digest");
  std::string ref = new_name.empty() ? name : new_name;
  if (!tag.empty()) ref += ":" + tag;
  if (!digest.empty()) ref += "@" + digest;
  const YamlNode* at = entry.get("newTag");
  const int line = at != nullptr ? at->line : entry.line;
  Component c = image_component(ref, "kustomize-image", file, line);
  if (is_templated(ref)) {
    c.skip_reason = "templated image";
  } else if (tag.empty() && digest.empty() && c.skip_reason == "no tag (implicit latest)") {
    // Without newTag/digest the override only renames; the tag stays the manifests'.
    c.current.clear();
    c.skip_reason = "no newTag (the tag is the manifests')";
  }
  return c;
}

}  // namespace

std::vector<Component> extract_kustomization(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  for (const YamlNode& doc : parse_yaml(text, file)) {
    if (!doc.is_map()) continue;
    if (const YamlNode* images = optional_list(doc, "images", file)) {
      for (const YamlNode& entry : images->children) out.push_back(image_override(entry, file));
    }
    if (const YamlNode* charts = optional_list(doc, "helmCharts", file)) {
      append_chart_entries(*charts, "repo", "kustomize-helm", "helmCharts entry", file, out);
    }
  }
  return out;
}

}  // namespace versiond::extract
