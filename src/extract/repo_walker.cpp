#include "extract/repo_walker.hpp"

#include <algorithm>
#include <cctype>

#include "extract/git_ignore.hpp"

namespace fs = std::filesystem;

namespace versiond::extract {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Directories that never hold the repository's own pins.
bool skipped_directory(const fs::path& dir) {
  const std::string name = dir.filename().string();
  if (name == ".git" || name == ".terraform" || name == "node_modules") {
    return true;
  }
  std::error_code ec;
  // A nested repository (test fixtures, vendored examples) is inventoried on its own.
  if (fs::exists(dir / ".versiond-root", ec)) {
    return true;
  }
  // Helm chart templates are Go templates, not YAML.
  return name == "templates" && fs::exists(dir.parent_path() / "Chart.yaml", ec);
}

}  // namespace

bool classify_file_name(const std::string& name, FileKind& kind) {
  const std::string l = lower(name);
  if (l == "versions.md" || l == "version-tracking.md") {
    kind = FileKind::versions_table;
  } else if (l == ".terraform.lock.hcl") {
    kind = FileKind::terraform_lock;
  } else if (ends_with(l, ".tf")) {
    kind = FileKind::terraform;
  } else if (l == "dockerfile" || l == "containerfile" || starts_with(l, "dockerfile.") ||
             ends_with(l, ".dockerfile")) {
    kind = FileKind::dockerfile;
  } else if (name == "Kustomization") {  // kustomize's third accepted name, no extension
    kind = FileKind::kustomization;
  } else if (ends_with(l, ".yaml") || ends_with(l, ".yml")) {
    const std::string stem = l.substr(0, l.rfind('.'));
    const bool values =
        stem == "values" || starts_with(stem, "values-") || ends_with(stem, "-values");
    kind = values ? FileKind::helm_values : FileKind::manifest;
    if (stem == "chart") {
      kind = FileKind::helm_chart;
    } else if (stem == "compose" || stem == "docker-compose" || starts_with(stem, "compose.") ||
               starts_with(stem, "compose-") || starts_with(stem, "docker-compose.") ||
               starts_with(stem, "docker-compose-")) {
      kind = FileKind::compose;
    } else if (stem == "action") {  // a composite (or Docker/JavaScript) action's metadata
      kind = FileKind::github_actions;
    } else if (stem == "kustomization") {
      kind = FileKind::kustomization;
    } else if (stem == "chart.lock") {
      return false;  // resolved copies of Chart.yaml's dependencies
    }
  } else {
    return false;
  }
  return true;
}

std::vector<RepoFile> find_repo_files(const RepoRoot& root, std::vector<std::string>& errors) {
  std::vector<RepoFile> out;
  const GitIgnore git_ignore(root.path());
  std::error_code ec;
  fs::recursive_directory_iterator it(root.path(), fs::directory_options::skip_permission_denied,
                                      ec);
  if (ec) {
    errors.push_back(root.path().string() + ": cannot list: " + ec.message());
    return out;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      errors.push_back(root.path().string() + ": walking the repository stopped: " + ec.message());
      break;
    }
    const fs::directory_entry& entry = *it;
    const std::string rel = root.relative(entry.path());
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
      if (skipped_directory(entry.path()) || git_ignore.ignored(entry.path())) {
        it.disable_recursion_pending();
      }
      continue;
    }
    FileKind kind{};
    if (!classify_file_name(entry.path().filename().string(), kind) ||
        git_ignore.ignored(entry.path())) {
      continue;
    }
    if (kind == FileKind::manifest && rel.rfind(".github/workflows/", 0) == 0) {
      kind = FileKind::github_actions;  // workflows are YAML, but not Kubernetes manifests
    }
    if (entry.is_symlink(ec)) {
      const auto target = root.resolve(rel);
      if (!target) {
        errors.push_back(rel + ": symlink points outside the repository; not read");
        continue;
      }
      if (!fs::exists(*target, ec)) {
        errors.push_back(rel + ": dangling symlink; not read");
        continue;
      }
    }
    out.push_back(RepoFile{entry.path(), rel, kind});
  }
  std::sort(out.begin(), out.end(),
            [](const RepoFile& a, const RepoFile& b) { return a.relative < b.relative; });
  return out;
}

}  // namespace versiond::extract
