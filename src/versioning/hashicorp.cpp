// hashicorp: Terraform/OpenTofu versions and constraints, following
// hashicorp/go-version (required_version, module and provider versions).
// Versions: [v]N(.N)* with any number of segments (missing ones are zero),
// optional -pre (or a pre-release glued on: 1.2.3beta1), optional +build.
// Constraints: "op version" joined by commas (AND); ops = != > >= < <= ~>.
#include <cstdint>

#include "versioning/constraint_syntax.hpp"
#include "versioning/numeric_scheme.hpp"
#include "versioning/range_constraint.hpp"
#include "versioning/schemes.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning::detail {
namespace {

struct Condition {
  Op op = Op::eq;
  NumericVersion version;
};

// go-version's rule for inexact operators: a pre-release version only matches
// a condition naming a pre-release of the same core version.
bool prerelease_ok(const NumericVersion& v, const NumericVersion& c) {
  if (v.prerelease()) {
    return c.prerelease() && same_core(v, c);
  }
  return true;
}

bool condition_matches(const NumericVersion& v, const Condition& cond) {
  const auto& c = cond.version;
  if (cond.op == Op::pessimistic) {
    // With a pre-release in the condition, only pre-releases match.
    return prerelease_ok(v, c) && !(c.prerelease() && !v.prerelease()) &&
           pessimistic_matches(v, c, c.segments.size());
  }
  // = and != are exact: they take pre-releases as they are.
  const bool exact = cond.op == Op::eq || cond.op == Op::ne;
  return (exact || prerelease_ok(v, c)) && comparison_holds(cond.op, compare_numeric(v, c));
}

class HashicorpScheme final : public NumericScheme {
 public:
  std::string_view name() const override { return "hashicorp"; }

  std::optional<NumericVersion> parse(std::string_view text) const override {
    return parse_numeric(text, NumericRules{1, SIZE_MAX, false, true});
  }

  Matcher compile(std::string_view constraint) const override {
    std::vector<Condition> conditions;
    const auto syntax = parse_list_syntax(constraint, name(), false);
    for (const auto& term : syntax.front()) {
      auto v = parse(term.operand);
      if (!v) {
        throw_invalid_constraint(name(), constraint, "bad version '" + shown(term.operand) + "'");
      }
      conditions.push_back({term.op, std::move(*v)});
    }
    return [conditions = std::move(conditions)](const NumericVersion& v) {
      for (const auto& cond : conditions) {
        if (!condition_matches(v, cond)) {
          return false;
        }
      }
      return true;
    };
  }
};

}  // namespace

const Scheme& hashicorp_scheme() {
  static const HashicorpScheme scheme;
  return scheme;
}

}  // namespace versiond::versioning::detail
