// semver: strict SemVer 2.0.0 versions (a leading 'v' tolerated). Constraints
// use the helm/Masterminds range language, except that `~>` has its Terraform
// meaning (only the last written segment may grow), since SemVer itself
// defines no constraint syntax and both styles appear in infra repositories.
#include "versioning/numeric_scheme.hpp"
#include "versioning/range_constraint.hpp"
#include "versioning/schemes.hpp"

namespace versiond::versioning::detail {
namespace {

class SemverScheme final : public NumericScheme {
 public:
  static constexpr NumericRules k_rules{3, 3, true, true};

  std::string_view name() const override { return "semver"; }

  std::optional<NumericVersion> parse(std::string_view text) const override {
    return parse_numeric(text, k_rules);
  }

  bool parse_into(std::string_view text, NumericVersion& out) const override {
    return parse_numeric_into(text, k_rules, out);
  }

  Matcher compile(std::string_view constraint) const override {
    return [c = parse_range_constraint(constraint, name())](const NumericVersion& v) {
      return range_matches(v, c, true);
    };
  }
};

}  // namespace

const Scheme& semver_scheme() {
  static const SemverScheme scheme;
  return scheme;
}

}  // namespace versiond::versioning::detail
