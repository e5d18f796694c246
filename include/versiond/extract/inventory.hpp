// The repository inventory: every component every extractor finds.
#pragma once

#include <string>
#include <vector>

#include "versiond/core/files.hpp"
#include "versiond/extract/component.hpp"

namespace versiond::extract {

struct Inventory {
  std::vector<Component> components;  // ordered by origin file, then line
  // One line per file that could not be read or parsed ("file:line: message");
  // the other files are still inventoried.
  std::vector<std::string> errors;
};

// Walks the repository (skipping .git, .terraform, node_modules, Helm chart
// templates, nested directories marked with a `.versiond-root` file, and
// whatever the surrounding git checkout ignores) and runs the extractor for
// each file kind it recognises. Never reads outside root.
Inventory build_inventory(const RepoRoot& root);

// Whether a file of this name is read by one of the extractors (by name only;
// values files that only an ArgoCD app names are not counted).
bool is_inventoried_file(const std::string& file_name);

}  // namespace versiond::extract
