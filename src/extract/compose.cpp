// Docker Compose files: the `image` of every service.
#include "extract/image_component.hpp"
#include "extract/variables.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

std::vector<Component> extract_compose(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  for (const YamlNode& doc : parse_yaml(text, file)) {
    if (!doc.is_map()) continue;
    const YamlNode* services = doc.get("services");
    if (services == nullptr || services->type == YamlNode::Type::null) continue;
    if (!services->is_map())
      throw input_error(file, services->line, "'services' must be a mapping");
    // Mapping children alternate key, value.
    for (std::size_t i = 1; i < services->children.size(); i += 2) {
      const YamlNode& service = services->children[i];
      const YamlNode* image = service.is_map() ? service.get("image") : nullptr;
      if (image == nullptr || !image->is_scalar() || image->value.empty()) continue;  // build: only
      // Variables come from the environment or an .env file, which versiond
      // does not read: only the defaults written in the file are used.
      std::string ref = image->value;
      const bool resolved =
          expand_variables(ref, [](const std::string&) -> const std::string* { return nullptr; });
      Component c =
          image_component(resolved ? ref : image->value, PinKind::compose_image, file, image->line);
      if (!resolved)
        c.skip_because(SkipReason::templated, "templated image (variable without a default)");
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace versiond::extract
