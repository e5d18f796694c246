// Finds the files of a repository that an extractor understands.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "versiond/core/files.hpp"

namespace versiond::extract {

enum class FileKind {
  versions_table,
  terraform,
  terraform_lock,
  manifest,
  helm_values,
  helm_chart,
  kustomization,
  dockerfile,
  github_actions,
  compose,
};

struct RepoFile {
  std::filesystem::path path;  // absolute, inside the root
  std::string relative;        // '/'-separated, for origins and messages
  FileKind kind;
};

// The kind of a file by its name, or false when no extractor reads it.
bool classify_file_name(const std::string& name, FileKind& kind);

// Files in path order. Problems (a symlink leading out of the repository, a
// dangling symlink, an unreadable directory) are appended to `errors`.
std::vector<RepoFile> find_repo_files(const RepoRoot& root, std::vector<std::string>& errors);

}  // namespace versiond::extract
