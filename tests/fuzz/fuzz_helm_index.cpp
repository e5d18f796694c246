// The streaming Helm repository index.yaml parser (src/sources/helm_index.cpp).
#include "fuzz_support.hpp"
#include "versiond/sources/helm_index.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = versiond::fuzz::as_text(data, size);
  static const std::set<std::string> charts{"prometheus",   "grafana",       "nginx",
                                            "cert-manager", "ingress-nginx", "rocketchat",
                                            "mongodb",      "loki"};
  versiond::fuzz::accepts([&] {
    const versiond::sources::HelmIndex index = versiond::sources::parse_helm_index(text, charts);
    if (!index.ok()) FUZZ_CHECK(!index.failure->message.empty());
    for (const auto& [name, releases] : index.charts) FUZZ_CHECK(charts.count(name) == 1);
  });
  return 0;
}
