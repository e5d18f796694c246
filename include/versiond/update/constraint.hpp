// How a pinned constraint changes when its component moves to a target
// version, the way a maintainer writes it. A pure function: no files, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "versiond/policy/types.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::update {

// The policy field `range_strategy` (policy/types.hpp), named here too.
using policy::parse_range_strategy;
using policy::RangeStrategy;
using policy::to_string;

// old's spelling applied to new_version: a leading 'v' is added or dropped so
// that the result is spelled like old ("v1.2.3" + "1.3.0" → "v1.3.0").
std::string same_prefix(std::string_view old_value, std::string_view new_version);

// The constraint to write so that `current` admits `target` under strategy:
//   exact pin "4.78.0" / "=4.78.0" / "v4.78.0"  → the target, same spelling
//   "~> 4.78.0", target 4.79.2                → "~> 4.79.0"
//   "~> 4.0", target 4.65.0                   → "~> 4.0" (admits it: only the lock moves)
//   ">= 5.0.0, < 6.0.0", target 6.1.0         → ">= 6.0.0, < 7.0.0"
//   "^1.2.3" / "~1.2.3", target 2.0.1         → "^2.0.1" / "~2.0.1"
// Returns nullopt when the constraint has a shape that cannot be rewritten to
// admit the target (the caller reports it; nothing is guessed). Throws
// Error(usage) when target is not a version of scheme.
std::optional<std::string> next_constraint(std::string_view current, std::string_view target,
                                           const versioning::Scheme& scheme,
                                           RangeStrategy strategy = RangeStrategy::replace);

}  // namespace versiond::update
