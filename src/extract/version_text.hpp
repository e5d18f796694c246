// What a free-text version cell holds: a version, a constraint, or something
// no lookup can use (latest, a truncated digest, prose).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "versiond/extract/kinds.hpp"

namespace versiond::extract {

// Starts with a constraint operator (~>, >=, <=, >, <, =, !=, ^, ~).
bool is_constraint(std::string_view v);

// SemVer 2.0.0 syntax with an optional leading 'v'.
bool is_strict_semver(std::string_view v);

// SkipReason::none when a lookup can use the value, otherwise why not, with
// the detail for people ("truncated digest", "not a version: See ArgoCD App", ...).
std::pair<SkipReason, std::string> skip_reason_for(std::string_view v);

}  // namespace versiond::extract
