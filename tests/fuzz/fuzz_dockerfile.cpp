// Dockerfile / Containerfile FROM lines (with ARG substitution) and the image
// reference parser they and every YAML extractor share.
#include "fuzz_support.hpp"
#include "versiond/extract/extractors.hpp"
#include "versiond/extract/image_ref.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const versiond::fuzz::Selected in = versiond::fuzz::select(data, size, 2);
  if (in.choice == 0) {
    versiond::fuzz::accepts([&] {
      for (const versiond::Component& c :
           versiond::extract::extract_dockerfile(in.rest, "Dockerfile")) {
        FUZZ_CHECK(c.origin.line >= 1);
      }
    });
  } else {
    versiond::fuzz::accepts([&] {
      if (auto ref = versiond::parse_image_ref(in.rest)) {
        (void)versiond::registry_url_for(ref->registry);
      }
    });
  }
  return 0;
}
