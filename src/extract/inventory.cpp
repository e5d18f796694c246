#include "versiond/extract/inventory.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <set>

#include "extract/repo_walker.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

void append(std::vector<Component>& to, std::vector<Component> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

using Extractor = std::vector<Component> (*)(std::string_view, const std::string&);

// The extractor of each kind whose files yield components only; nullptr for
// manifests, which also name values files and Flux sources (build_inventory).
Extractor component_extractor(FileKind kind) {
  switch (kind) {
    case FileKind::versions_table: return extract_versions_table;
    case FileKind::terraform: return extract_terraform;
    case FileKind::terraform_lock: return extract_terraform_lock;
    case FileKind::helm_values: return extract_helm_values;
    case FileKind::helm_chart: return extract_helm_chart;
    case FileKind::kustomization: return extract_kustomization;
    case FileKind::dockerfile: return extract_dockerfile;
    case FileKind::github_actions: return extract_github_actions;
    case FileKind::compose: return extract_compose;
    case FileKind::manifest: return nullptr;
  }
  return nullptr;
}

// A per-file diagnostic always reads "file:line: reason"; problems with the
// whole file (too big, binary, not a regular file) are given line 1.
std::string diagnostic(const std::string& file, const std::string& message) {
  const std::string prefix = file + ":";
  if (message.compare(0, prefix.size(), prefix) == 0) {
    const std::size_t after = prefix.size();
    if (after < message.size() && std::isdigit(static_cast<unsigned char>(message[after]))) {
      return message;  // already file:line
    }
    std::size_t rest = after;
    while (rest < message.size() && message[rest] == ' ') ++rest;
    return prefix + "1: " + message.substr(rest);
  }
  return prefix + "1: " + message;
}

// Go/Helm template syntax outside a chart's templates/ folder is the usual
// reason a YAML file does not parse: say so.
std::string with_template_hint(const std::string& message, const std::string& text) {
  if (message.find("YAML syntax error") != std::string::npos &&
      text.find("{{") != std::string::npos) {
    return message + " (the file holds Go template syntax '{{ ... }}'; it is not plain YAML)";
  }
  return message;
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

  for (std::string& e : inv.errors) {
    const std::size_t colon = e.find(": ");
    if (colon != std::string::npos) e = diagnostic(e.substr(0, colon), e);
  }

  for (const RepoFile& f : files) {
    std::string text;
    // One file's failure, whatever it is, is that file's diagnostic; the
    // walk goes on with the next file.
    try {
      text = read_text_file(f.path, f.relative);
      if (const Extractor extract = component_extractor(f.kind)) {
        append(inv.components, extract(text, f.relative));
        if (f.kind == FileKind::helm_values) read_as_values.insert(f.relative);
        continue;
      }
      ManifestResult r = extract_manifests(text, f.relative);
      append(inv.components, std::move(r.components));
      flux.flux_sources.insert(flux.flux_sources.end(), r.flux_sources.begin(),
                               r.flux_sources.end());
      flux.flux_charts.insert(flux.flux_charts.end(), r.flux_charts.begin(), r.flux_charts.end());
      for (const std::string& v : r.value_files) {
        const auto resolved = root.resolve(v);
        if (!resolved) {
          inv.errors.push_back(diagnostic(
              f.relative, "valueFiles entry '" + v + "' points outside the repository; not read"));
          continue;
        }
        values_files.insert(root.relative(*resolved));
      }
    } catch (const Error& e) {
      inv.errors.push_back(diagnostic(f.relative, with_template_hint(e.what(), text)));
    } catch (const std::exception& e) {
      inv.errors.push_back(diagnostic(f.relative, std::string("cannot be read: ") + e.what()));
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
    std::string text;
    try {
      text = read_text_file(*path, rel);
      append(inv.components, extract_helm_values(text, rel));
    } catch (const Error& e) {
      inv.errors.push_back(diagnostic(rel, with_template_hint(e.what(), text)));
    } catch (const std::exception& e) {
      inv.errors.push_back(diagnostic(rel, std::string("cannot be read: ") + e.what()));
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
