// The file updaters of src/update, as a round trip: the fuzz input is a file
// of the kind the first byte chooses; it is extracted in memory, one of its
// components (second byte) is moved to a new version with plan_update (which
// reads the file from a per-process temporary repository), and then
//   - the updated file must still extract, with as many components;
//   - every planned edit's new value must be found by the re-extraction;
//   - outside lock files, only the edited lines differ (same line count).
// A violation traps. versiond::Error from extraction or planning is a refusal.
#include <algorithm>
#include <functional>

#include "fuzz_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/extract/extractors.hpp"
#include "versiond/update/update.hpp"

namespace {

namespace ex = versiond::extract;
namespace up = versiond::update;
using Extractor =
    std::function<std::vector<versiond::Component>(std::string_view, const std::string&)>;

struct Kind {
  const char* file;
  Extractor extract;
};

std::vector<versiond::Component> manifests(std::string_view text, const std::string& file) {
  return ex::extract_manifests(text, file).components;
}

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> all{
      {"VERSIONS.md", ex::extract_versions_table},
      {"main.tf", ex::extract_terraform},
      {".terraform.lock.hcl", ex::extract_terraform_lock},
      {"values.yaml", ex::extract_helm_values},
      {"Chart.yaml", ex::extract_helm_chart},
      {"kustomization.yaml", ex::extract_kustomization},
      {"compose.yaml", ex::extract_compose},
      {".github/workflows/ci.yml", ex::extract_github_actions},
      {"Dockerfile", ex::extract_dockerfile},
      {"deploy/app.yaml", manifests},
  };
  return all;
}

struct Repo {
  versiond::test::TempDir dir;
  versiond::RepoRoot root{dir.path()};
};

Repo& repo() {
  static Repo r;
  return r;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  return versiond::fuzz::split_lines(text);
}

constexpr const char* k_sha = "0123456789abcdef0123456789abcdef01234567";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = versiond::fuzz;
  if (size < 3) return 0;
  const Kind& kind = kinds()[data[0] % kinds().size()];
  const unsigned pick = data[1];
  static const char* const targets[] = {"97.5.3", "v97.5.3", "97.5.3-alpine", "2.0"};
  const std::string target = targets[data[2] % 4];
  const up::RangeStrategy strategy = static_cast<up::RangeStrategy>((data[2] / 4) % 4);
  const std::string before(fz::as_text(data + 3, size - 3));

  std::vector<versiond::Component> components;
  if (!fz::accepts([&] { components = kind.extract(before, kind.file); })) return 0;
  std::vector<const versiond::Component*> pickable;
  for (const auto& c : components) {
    if (c.origin.file == kind.file) pickable.push_back(&c);
  }
  if (pickable.empty()) return 0;
  const versiond::Component& chosen = *pickable[pick % pickable.size()];

  Repo& r = repo();
  const std::filesystem::path path = r.dir.write(kind.file, before);
  ex::Inventory inventory;
  inventory.components = components;
  up::UpdateRequest request;
  request.selector = chosen.package.empty() ? chosen.name : chosen.package;
  request.version = target;
  request.sha = k_sha;
  request.file = kind.file;
  up::UpdateOptions options;
  options.strategy = strategy;
  options.today = "2026-12-07";
  options.lock_hashes = [](const up::LockHashRequest&) {
    return std::optional<std::vector<std::string>>({"h1:fuzzfuzz=", "zh:00ff00ff"});
  };
  up::UpdatePlan plan;
  const bool planned =
      fz::accepts([&] { plan = up::plan_update(r.root, inventory, {request}, options); });
  std::filesystem::remove(path);
  if (!planned) return 0;

  for (const up::PlannedFile& f : plan.files) {
    FUZZ_CHECK(f.file == kind.file);
    FUZZ_CHECK(f.before == before);
    FUZZ_CHECK(f.after != f.before);
    std::vector<versiond::Component> again;
    try {
      again = kind.extract(f.after, kind.file);
    } catch (const versiond::Error& e) {
      std::fprintf(stderr, "updated file no longer extracts: %s\n", e.what());
      __builtin_trap();
    }
    FUZZ_CHECK(again.size() == components.size());
    for (const up::PlannedEdit& e : plan.edits) {
      if (e.file != f.file) continue;
      const bool found = std::any_of(again.begin(), again.end(), [&](const versiond::Component& c) {
        return c.current.find(e.new_value) != std::string::npos ||
               c.digest.find(e.new_value) != std::string::npos;
      });
      if (!found) std::fprintf(stderr, "new value '%s' not re-extracted\n", e.new_value.c_str());
      FUZZ_CHECK(found);
    }
    if (std::string_view(kind.file) == ".terraform.lock.hcl") {
      continue;  // a lock block's hash list may change length
    }
    const auto old_lines = lines_of(f.before);
    const auto new_lines = lines_of(f.after);
    FUZZ_CHECK(old_lines.size() == new_lines.size());
    for (std::size_t i = 0; i < old_lines.size(); ++i) {
      if (old_lines[i] == new_lines[i]) continue;
      const int line = static_cast<int>(i) + 1;
      const bool edited = std::any_of(plan.edits.begin(), plan.edits.end(),
                                      [&](const up::PlannedEdit& e) { return e.line == line; });
      if (!edited) std::fprintf(stderr, "line %d changed but no edit is planned there\n", line);
      FUZZ_CHECK(edited);
    }
  }
  return 0;
}
