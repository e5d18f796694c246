// Globs of policy match keys.
#pragma once

#include <string>
#include <string_view>

namespace versiond::policy {

// Names and packages: fnmatch(3) without FNM_PATHNAME, so '*' also matches
// '/' ("hashicorp/*" matches "hashicorp/azurerm"); names compare
// case-insensitively when fold_case is set.
bool glob_match(const std::string& pattern, const std::string& text, bool fold_case = false);

// Files: '/'-separated segments, each matched with fnmatch(3); a segment that
// is exactly "**" matches zero or more whole segments ("terraform/**",
// "**/Chart.yaml").
bool path_glob_match(std::string_view pattern, std::string_view path);

// Why a pattern is not a usable glob ("" when it is): empty, unbalanced '[',
// trailing '\', or (path globs) "**" inside a segment.
std::string glob_problem(std::string_view pattern, bool path);

}  // namespace versiond::policy
