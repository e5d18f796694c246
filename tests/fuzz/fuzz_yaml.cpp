// The YAML tree (libyaml events, alias and depth limits) and every YAML
// extractor: Kubernetes manifests with ArgoCD Applications and Flux objects,
// Helm values, Chart.yaml, kustomization.yaml, Docker Compose and GitHub
// Actions workflows. The first byte chooses the parser.
#include "extract/yaml_tree.hpp"
#include "fuzz_support.hpp"
#include "versiond/extract/extractors.hpp"

namespace {

namespace ex = versiond::extract;

std::size_t walk(const ex::YamlNode& node, int depth) {
  FUZZ_CHECK(depth <= ex::k_max_yaml_depth + 1);
  if (node.is_map()) FUZZ_CHECK(node.children.size() % 2 == 0);
  std::size_t n = 1 + node.value.size();
  for (const ex::YamlNode& child : node.children) n += walk(child, depth + 1);
  return n;
}

void check(const std::vector<versiond::Component>& components, const std::string& file) {
  for (const versiond::Component& c : components) {
    FUZZ_CHECK(c.origin.file == file);
    FUZZ_CHECK(c.origin.line >= 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = versiond::fuzz;
  const versiond::fuzz::Selected in = versiond::fuzz::select(data, size, 7);
  switch (in.choice) {
    case 0:
      fz::accepts([&] {
        for (const ex::YamlNode& doc : ex::parse_yaml(in.rest, "doc.yaml")) (void)walk(doc, 0);
      });
      break;
    case 1:
      fz::accepts([&] {
        ex::ManifestResult r = ex::extract_manifests(in.rest, "app.yaml");
        check(r.components, "app.yaml");
        check(ex::resolve_flux_charts(r.flux_charts, r.flux_sources), "app.yaml");
      });
      break;
    case 2:
      fz::accepts([&] { check(ex::extract_helm_values(in.rest, "values.yaml"), "values.yaml"); });
      break;
    case 3:
      fz::accepts([&] { check(ex::extract_helm_chart(in.rest, "Chart.yaml"), "Chart.yaml"); });
      break;
    case 4:
      fz::accepts([&] {
        check(ex::extract_kustomization(in.rest, "kustomization.yaml"), "kustomization.yaml");
      });
      break;
    case 5:
      fz::accepts([&] { check(ex::extract_compose(in.rest, "compose.yaml"), "compose.yaml"); });
      break;
    default:
      fz::accepts([&] {
        check(ex::extract_github_actions(in.rest, ".github/workflows/ci.yml"),
              ".github/workflows/ci.yml");
      });
      break;
  }
  return 0;
}
