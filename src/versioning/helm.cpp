// helm: chart versions as Helm reads them (Masterminds semver v3.4 NewVersion:
// one to three numeric segments, leading zeros and 'v' tolerated, but not a
// leading zero in a numeric pre-release identifier: 1.2.3-01 is invalid) and
// its constraint language: ^ ~ ~> x/X/* wildcards, "A - B" ranges, '||',
// comma or space as AND.
#include "versioning/numeric_scheme.hpp"
#include "versioning/range_constraint.hpp"
#include "versioning/schemes.hpp"

namespace versiond::versioning::detail {
namespace {

class HelmScheme final : public NumericScheme {
 public:
  static constexpr NumericRules k_rules{1, 3, false, true};

  std::string_view name() const override { return "helm"; }

  std::optional<NumericVersion> parse(std::string_view text) const override {
    return parse_numeric(text, k_rules);
  }

  bool parse_into(std::string_view text, NumericVersion& out) const override {
    return parse_numeric_into(text, k_rules, out);
  }

  Matcher compile(std::string_view constraint) const override {
    return [c = parse_range_constraint(constraint, name())](const NumericVersion& v) {
      return range_matches(v, c, false);
    };
  }
};

}  // namespace

const Scheme& helm_scheme() {
  static const HelmScheme scheme;
  return scheme;
}

}  // namespace versiond::versioning::detail
