// Range constraints in the Masterminds semver v3 language (what Helm uses),
// shared by the helm and semver schemes.
#pragma once

#include <string_view>
#include <vector>

#include "versioning/constraint_syntax.hpp"
#include "versioning/numeric_version.hpp"

namespace versiond::versioning::detail {

struct RangeTerm {
  Op op = Op::eq;
  NumericVersion version;  // missing or wildcard segments are zero
  int specified = 3;       // numeric segments written before any x/X/*: 0..3
};

using RangeConstraint = std::vector<std::vector<RangeTerm>>;

// `~>` is Masterminds' alias of `~` for helm; the semver scheme gives it the
// Terraform meaning instead (hashicorp_pessimistic).
RangeConstraint parse_range_constraint(std::string_view text, std::string_view scheme);
bool range_matches(const NumericVersion& v, const RangeConstraint& constraint,
                   bool hashicorp_pessimistic);

// Terraform's `~>`: v >= c and every written segment of c but the last equal.
bool pessimistic_matches(const NumericVersion& v, const NumericVersion& c, std::size_t written);

}  // namespace versiond::versioning::detail
