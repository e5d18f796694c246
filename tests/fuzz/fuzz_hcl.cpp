// The HCL reader: the raw parser, *.tf files (required_version,
// required_providers, modules, helm_release / kubernetes_* / AKS resources)
// and .terraform.lock.hcl. (Lock-file rewriting is fuzzed by fuzz_update.)
#include "extract/hcl.hpp"
#include "fuzz_support.hpp"
#include "versiond/extract/extractors.hpp"

namespace {

// Walks the tree so every node is touched (ASan sees any dangling part).
std::size_t walk(const versiond::extract::hcl::Value& v) {
  std::size_t n = 1 + v.str.size();
  for (const auto& e : v.entries) n += walk(e.value);
  for (const auto& i : v.items) n += walk(i);
  return n;
}

std::size_t walk(const versiond::extract::hcl::Body& body) {
  std::size_t n = 0;
  for (const auto& a : body.attributes) n += walk(a.value);
  for (const auto& b : body.blocks) {
    FUZZ_CHECK(b.line >= 1);
    n += b.labels.size() + walk(b.body);
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = versiond::fuzz;
  const versiond::fuzz::Selected in = versiond::fuzz::select(data, size, 3);
  switch (in.choice) {
    case 0:
      fz::accepts([&] { (void)walk(versiond::extract::hcl::parse(in.rest, "main.tf")); });
      break;
    case 1:
      fz::accepts([&] { (void)versiond::extract::extract_terraform(in.rest, "main.tf"); });
      break;
    default:
      fz::accepts([&] {
        for (const auto& c :
             versiond::extract::extract_terraform_lock(in.rest, ".terraform.lock.hcl")) {
          FUZZ_CHECK(c.origin.line >= 1);
        }
      });
      break;
  }
  return 0;
}
