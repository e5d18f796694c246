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
// templates and nested directories marked with a `.versiond-root` file) and
// runs the extractor for each file kind it recognises. Never reads outside root.
Inventory build_inventory(const RepoRoot& root);

}  // namespace versiond::extract
