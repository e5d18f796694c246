#include "versiond/extract/inventory.hpp"

#include <algorithm>
#include <set>

#include "extract/repo_walker.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

void append(std::vector<Component>& to, std::vector<Component> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

bool is_inventoried_file(const std::string& file_name) {
  FileKind kind{};
  return classify_file_name(file_name, kind);
}

Inventory build_inventory(const RepoRoot& root) {
  Inventory inv;
  const std::vector<RepoFile> files = find_repo_files(root, inv.errors);
  std::set<std::string> values_files;  // relative paths to read as Helm values
  std::set<std::string> read_as_values;
  ManifestResult flux;  // Flux charts and their sources, from every manifest

  for (const RepoFile& f : files) {
    try {
      const std::string text = read_text_file(f.path, f.relative);
      switch (f.kind) {
        case FileKind::versions_table:
          append(inv.components, extract_versions_table(text, f.relative));
          break;
        case FileKind::terraform:
          append(inv.components, extract_terraform(text, f.relative));
          break;
        case FileKind::terraform_lock:
          append(inv.components, extract_terraform_lock(text, f.relative));
          break;
        case FileKind::helm_chart:
          append(inv.components, extract_helm_chart(text, f.relative));
          break;
        case FileKind::compose: append(inv.components, extract_compose(text, f.relative)); break;
        case FileKind::github_actions:
          append(inv.components, extract_github_actions(text, f.relative));
          break;
        case FileKind::dockerfile:
          append(inv.components, extract_dockerfile(text, f.relative));
          break;
        case FileKind::kustomization:
          append(inv.components, extract_kustomization(text, f.relative));
          break;
        case FileKind::helm_values:
          append(inv.components, extract_helm_values(text, f.relative));
          read_as_values.insert(f.relative);
          break;
        case FileKind::manifest: {
          ManifestResult r = extract_manifests(text, f.relative);
          append(inv.components, std::move(r.components));
          flux.flux_sources.insert(flux.flux_sources.end(), r.flux_sources.begin(),
                                   r.flux_sources.end());
          flux.flux_charts.insert(flux.flux_charts.end(), r.flux_charts.begin(),
                                  r.flux_charts.end());
          for (const std::string& v : r.value_files) {
            const auto resolved = root.resolve(v);
            if (!resolved) {
              inv.errors.push_back(f.relative + ": valueFiles entry '" + v +
                                   "' points outside the repository; not read");
              continue;
            }
            values_files.insert(root.relative(*resolved));
          }
          break;
        }
      }
    } catch (const Error& e) {
      inv.errors.emplace_back(e.what());
    }
  }

  // A HelmRelease's HelmRepository usually lives in another file.
  append(inv.components, resolve_flux_charts(flux.flux_charts, flux.flux_sources));

  // Values files an ArgoCD app names, whatever they are called.
  for (const std::string& rel : values_files) {
    if (read_as_values.count(rel) != 0) {
      continue;
    }
    const auto path = root.resolve(rel);
    std::error_code ec;
    if (!path || !std::filesystem::is_regular_file(*path, ec)) {
      continue;  // the app may name a file of another repository
    }
    try {
      append(inv.components, extract_helm_values(read_text_file(*path, rel), rel));
    } catch (const Error& e) {
      inv.errors.emplace_back(e.what());
    }
  }

  std::stable_sort(inv.components.begin(), inv.components.end(),
                   [](const Component& a, const Component& b) {
                     return a.origin.file != b.origin.file ? a.origin.file < b.origin.file
                                                           : a.origin.line < b.origin.line;
                   });
  return inv;
}

}  // namespace versiond::extract
