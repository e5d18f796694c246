// VERSIONS.md / VERSION-TRACKING.md tables (cmark-gfm plus the row reader).
#include "fuzz_support.hpp"
#include "versiond/extract/extractors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = versiond::fuzz::as_text(data, size);
  versiond::fuzz::accepts([&] {
    for (const versiond::Component& c :
         versiond::extract::extract_versions_table(text, "VERSIONS.md")) {
      FUZZ_CHECK(c.origin.file == "VERSIONS.md");
      FUZZ_CHECK(c.origin.line >= 1);
    }
  });
  return 0;
}
