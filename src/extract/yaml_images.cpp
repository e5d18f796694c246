#include "extract/yaml_images.hpp"

#include <cctype>

#include "extract/image_component.hpp"

namespace versiond::extract {

namespace {

// Reads an image mapping; false when it is not one (no `repository`), so the
// walk descends into it (`image: {image: repo:tag}`, `image: {api: {…}}`).
bool image_from_mapping(const YamlNode& image, const std::string& file, PinKind kind,
                        const std::string& global_registry, std::vector<Component>& out) {
  const std::string repository = image.str("repository");
  if (repository.empty()) {
    return false;
  }
  // Bitnami-style charts: global.imageRegistry, when set, replaces every image's registry.
  const std::string registry = global_registry.empty() ? image.str("registry") : global_registry;
  const bool has_tag = !image.str("tag").empty();
  const std::string tag = has_tag ? image.str("tag") : image.str("version");
  const std::string digest = image.str("digest");
  std::string ref = registry.empty() ? repository : registry + "/" + repository;
  if (!tag.empty()) {
    ref += ":" + tag;
  }
  if (!digest.empty()) {
    ref += "@" + digest;
  }
  const YamlNode* tag_node = image.get(has_tag ? "tag" : "version");
  const int line = tag_node != nullptr && tag_node->line > 0 ? tag_node->line : image.line;
  Component c = image_component(ref, kind, file, line);
  if (tag.empty() && digest.empty() && c.skip != SkipReason::invalid_reference) {
    // Charts fall back to their appVersion when the tag is left empty.
    c.current.clear();
    c.skip_because(SkipReason::no_version, "tag not set (chart default)");
  }
  out.push_back(std::move(c));
  return true;
}

// `image`, and any key ending in "image" (`proxyImage`, `init_image`,
// `sidecarImage`), as charts name their images.
bool is_image_key(const std::string& key) {
  if (key.size() < 5) return false;
  std::string tail = key.substr(key.size() - 5);
  for (char& ch : tail) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return tail == "image";
}

// A scalar that reads as an image reference and not as prose or a flag
// (`proxyImage: true`, `pullImage: "always"`).
bool image_like(const std::string& value) {
  return value.find_first_of(" \t") == std::string::npos &&
         (value.find(':') != std::string::npos || value.find('/') != std::string::npos ||
          value.find('@') != std::string::npos);
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
  const YamlNode* global = node.get("global");
  const std::string global_registry = global != nullptr ? global->str("imageRegistry") : "";
  walk_entries(node, [&](const std::string& key, const YamlNode& value) {
    if (!is_image_key(key)) {
      return false;
    }
    if (value.is_map()) {
      return image_from_mapping(value, file, kind, global_registry, out);
    }
    if (value.is_scalar() && !value.value.empty() && (key == "image" || image_like(value.value))) {
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
