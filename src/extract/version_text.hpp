// What a free-text version cell holds: a version, a constraint, or something
// no lookup can use (latest, a truncated digest, prose).
#pragma once

#include <string>
#include <string_view>

namespace versiond::extract {

// Starts with a constraint operator (~>, >=, <=, >, <, =, !=, ^, ~).
bool is_constraint(std::string_view v);

// SemVer 2.0.0 syntax with an optional leading 'v'.
bool is_strict_semver(std::string_view v);

// "" when a lookup can use the value, otherwise why not
// ("latest", "truncated digest", "not a version: See ArgoCD App", ...).
std::string skip_reason_for(std::string_view v);

}  // namespace versiond::extract
