// The versiond.yaml loader (src/config): schema, scalars, endpoints, HTTP
// options and their translation into the HTTP client's options.
#include "fuzz_support.hpp"
#include "versiond/config/http_options.hpp"
#include "versiond/config/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(versiond::fuzz::as_text(data, size));
  versiond::fuzz::accepts([&] {
    const versiond::config::Config config = versiond::config::parse_config(text, "versiond.yaml");
    (void)versiond::config::http_options(config);
    (void)config.ttl_seconds("github-releases");
    (void)config.endoflife_product("Kubernetes", "kubernetes/kubernetes");
  });
  return 0;
}
