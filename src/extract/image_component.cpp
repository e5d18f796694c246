#include "extract/image_component.hpp"

#include "versiond/extract/image_ref.hpp"

namespace versiond::extract {

Component image_component(const std::string& ref, PinKind kind, const std::string& file, int line) {
  Component c;
  c.kind = kind;
  c.origin = {file, line};
  c.datasource = Datasource::docker;
  c.scheme = versioning::SchemeId::docker;
  const auto img = parse_image_ref(ref);
  if (!img) {
    c.name = ref;
    c.current = ref;
    c.datasource = Datasource::none;
    c.skip_because(SkipReason::invalid_reference, "not a valid image reference");
    return c;
  }
  c.name = img->package();
  c.package = img->package();
  c.registry_url = registry_url_for(img->registry);
  c.digest = img->digest;
  if (!img->tag.empty()) {
    c.current = img->tag;
    if (img->tag == "latest") {
      c.skip_because(SkipReason::latest);
    }
  } else if (!img->digest.empty()) {
    c.current = img->digest;
    c.skip_because(SkipReason::digest);
  } else {
    c.current = "latest";
    c.skip_because(SkipReason::latest, "no tag (implicit latest)");
  }
  return c;
}

}  // namespace versiond::extract
