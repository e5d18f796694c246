// The drift check: VERSIONS.md rows against what the code actually pins.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "versiond/core/files.hpp"
#include "versiond/extract/component.hpp"

namespace versiond::drift {

struct Finding {
  std::string kind;      // version-mismatch, location-missing, component-missing, untracked
  std::string name;      // the row's component name, or the package for untracked pins
  std::string expected;  // the row's Current value ("" for untracked)
  std::string found;     // what the code pins ("" when nothing was found)
  std::string file;      // version-mismatch/untracked: the pin; otherwise the table row
  int line = 0;
  std::string message;  // one sentence for people
  Origin row;           // the table row (empty for untracked)
};

struct DriftReport {
  std::vector<Finding> findings;
  int rows_checked = 0;  // table rows with at least one location
  bool has_tables = false;
};

// Compares every version-table row that names locations with the components
// extracted from those locations, and reports code pins no row tracks.
// Locations are resolved through `root` and never read outside it.
DriftReport check_drift(const std::vector<Component>& inventory, const RepoRoot& root);

nlohmann::json to_json(const Finding& f);

}  // namespace versiond::drift
