#include "extract/yaml_images.hpp"

#include "extract/image_component.hpp"

namespace versiond::extract {

namespace {

void image_from_mapping(const YamlNode& image, const std::string& file, PinKind kind,
                        std::vector<Component>& out) {
  const std::string repository = image.str("repository");
  if (repository.empty()) {
    return;
  }
  const std::string registry = image.str("registry");
  const std::string tag = image.str("tag");
  const std::string digest = image.str("digest");
  std::string ref = registry.empty() ? repository : registry + "/" + repository;
  if (!tag.empty()) {
    ref += ":" + tag;
  }
  if (!digest.empty()) {
    ref += "@" + digest;
  }
  const YamlNode* tag_node = image.get("tag");
  const int line = tag_node != nullptr && tag_node->line > 0 ? tag_node->line : image.line;
  Component c = image_component(ref, kind, file, line);
  if (tag.empty() && digest.empty() && c.skip != SkipReason::invalid_reference) {
    // Charts fall back to their appVersion when the tag is left empty.
    c.current.clear();
    c.skip_because(SkipReason::no_version, "tag not set (chart default)");
  }
  out.push_back(std::move(c));
}

// Visits every key/value pair of every mapping below node, depth first;
// `handle` returns true when it consumed the value (no descent into it).
template <class Handle>
void walk_entries(const YamlNode& node, const Handle& handle) {
  if (node.is_seq()) {
    for (const YamlNode& item : node.children) {
      walk_entries(item, handle);
    }
    return;
  }
  if (!node.is_map()) {
    return;
  }
  for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
    const YamlNode& key = node.children[i];
    const YamlNode& value = node.children[i + 1];
    if (!(key.is_scalar() && handle(key.value, value))) {
      walk_entries(value, handle);
    }
  }
}

bool is_container_list_key(const std::string& key) {
  return key == "containers" || key == "initContainers" || key == "ephemeralContainers";
}

}  // namespace

void collect_values_images(const YamlNode& node, const std::string& file, PinKind kind,
                           std::vector<Component>& out) {
  walk_entries(node, [&](const std::string& key, const YamlNode& value) {
    if (key != "image") {
      return false;
    }
    if (value.is_map()) {
      image_from_mapping(value, file, kind, out);
      return true;
    }
    if (value.is_scalar() && !value.value.empty()) {
      out.push_back(image_component(value.value, kind, file, value.line));
      return true;
    }
    return false;
  });
}

void collect_pod_images(const YamlNode& node, const std::string& file,
                        std::vector<Component>& out) {
  walk_entries(node, [&](const std::string& key, const YamlNode& value) {
    if (!is_container_list_key(key) || !value.is_seq()) {
      return false;
    }
    for (const YamlNode& container : value.children) {
      const YamlNode* image = container.get("image");
      if (image != nullptr && image->is_scalar() && !image->value.empty()) {
        out.push_back(image_component(image->value, PinKind::k8s_image, file, image->line));
      }
    }
    return true;
  });
}

}  // namespace versiond::extract
