#include "extract/image_component.hpp"

#include "versiond/extract/image_ref.hpp"

namespace versiond::extract {

Component image_component(const std::string& ref, const std::string& kind, const std::string& file,
                          int line) {
  Component c;
  c.kind = kind;
  c.origin = {file, line};
  c.datasource = "docker";
  c.scheme = "docker";
  const auto img = parse_image_ref(ref);
  if (!img) {
    c.name = ref;
    c.current = ref;
    c.datasource.clear();
    c.skip_reason = "not a valid image reference";
    return c;
  }
  c.name = img->package();
  c.package = img->package();
  c.registry_url = registry_url_for(img->registry);
  c.digest = img->digest;
  if (!img->tag.empty()) {
    c.current = img->tag;
    if (img->tag == "latest") {
      c.skip_reason = "latest";
    }
  } else if (!img->digest.empty()) {
    c.current = img->digest;
    c.skip_reason = "digest";
  } else {
    c.current = "latest";
    c.skip_reason = "no tag (implicit latest)";
  }
  return c;
}

}  // namespace versiond::extract
