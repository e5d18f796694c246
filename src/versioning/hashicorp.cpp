// hashicorp: Terraform/OpenTofu versions and constraints, following
// hashicorp/go-version (required_version, module and provider versions).
// Versions (go-version's NewVersion grammar): v?N(.N)* with any number of
// segments (missing ones are zero, leading zeros allowed); then a pre-release
// after '-', or glued on when it starts with a letter, '-' or '~' (1.7rc2,
// 1.2.3~beta); then +build. Identifiers are [0-9A-Za-z~-]+, dot-separated,
// and a bare '-' is a pre-release ("1.0-" < "1.0").
// Order: go-version's, which differs from SemVer in one place: when one
// pre-release has more identifiers, a missing identifier ranks below a numeric
// one but above an alphanumeric one (5.4-alpha > 5.4-alpha.beta).
// Constraints: "op version" joined by commas (AND); ops = != > >= < <= ~>.
#include <algorithm>
#include <cstdint>

#include "versioning/constraint_syntax.hpp"
#include "versioning/numeric_scheme.hpp"
#include "versioning/range_constraint.hpp"
#include "versioning/schemes.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning::detail {
namespace {

bool go_identifier_char(char c) { return is_alnum(c) || c == '-' || c == '~'; }

// Dot-separated non-empty identifiers of [0-9A-Za-z~-]; nullopt otherwise.
std::optional<std::vector<std::string>> go_identifiers(std::string_view text) {
  std::vector<std::string> ids;
  for (const auto part : split(text, '.')) {
    if (part.empty() || !std::all_of(part.begin(), part.end(), go_identifier_char)) {
      return std::nullopt;
    }
    ids.emplace_back(part);
  }
  return ids;
}

std::optional<NumericVersion> parse_go_version(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && s.front() == 'v') {
    s.remove_prefix(1);
  }
  NumericVersion v;
  while (true) {
    std::size_t n = 0;
    while (n < s.size() && is_digit(s[n])) {
      ++n;
    }
    const auto value = parse_number(s.substr(0, n));
    if (!value) {
      return std::nullopt;
    }
    v.segments.push_back(*value);
    s.remove_prefix(n);
    if (s.size() < 2 || s[0] != '.' || !is_digit(s[1])) {
      break;
    }
    s.remove_prefix(1);
  }
  const auto build_at = s.find('+');
  const auto pre = s.substr(0, build_at);
  if (!pre.empty()) {
    std::optional<std::vector<std::string>> ids;
    if (pre.front() == '-') {
      ids = go_identifiers(pre.substr(1));  // 1.2.3-rc1, 1.2.3--x
    }
    if (!ids && (is_alpha(pre.front()) || pre.front() == '-' || pre.front() == '~')) {
      ids = go_identifiers(pre);  // glued on (1.7rc2, 1.2~b), or a pre-release of '-' (1.0-)
    }
    if (!ids) {
      return std::nullopt;
    }
    v.pre = std::move(*ids);
  }
  if (build_at != std::string_view::npos) {
    const auto build = s.substr(build_at + 1);
    if (!go_identifiers(build)) {
      return std::nullopt;
    }
    v.build = std::string(build);
  }
  return v;
}

// go-version's identifier order: numeric below alphanumeric, numbers by value,
// text by bytes; against a missing identifier, a numeric one ranks higher and
// an alphanumeric one lower.
int compare_go_identifier(const std::string* a, const std::string* b) {
  if (a == nullptr) {
    return all_digits(*b) ? -1 : 1;
  }
  if (b == nullptr) {
    return all_digits(*a) ? 1 : -1;
  }
  const bool an = all_digits(*a);
  const bool bn = all_digits(*b);
  if (an && bn) {
    return compare_digit_runs(*a, *b);
  }
  if (an != bn) {
    return an ? -1 : 1;
  }
  return sign(a->compare(*b));
}

int compare_go(const NumericVersion& a, const NumericVersion& b) {
  const std::size_t n = std::max(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (const int c = three_way(a.at(i), b.at(i)); c != 0) {
      return c;
    }
  }
  if (a.pre.empty() || b.pre.empty()) {
    return compare_prerelease(a.pre, b.pre);  // a release ranks above its pre-releases
  }
  if (a.pre == b.pre) {
    return 0;
  }
  const std::size_t m = std::max(a.pre.size(), b.pre.size());
  for (std::size_t i = 0; i < m; ++i) {
    const std::string* x = i < a.pre.size() ? &a.pre[i] : nullptr;
    const std::string* y = i < b.pre.size() ? &b.pre[i] : nullptr;
    if (const int c = compare_go_identifier(x, y); c != 0) {
      return c;
    }
  }
  return 0;
}

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
    return prerelease_ok(v, c) && !(c.prerelease() && !v.prerelease()) && compare_go(v, c) >= 0 &&
           pessimistic_matches(v, c, c.segments.size());
  }
  // = and != are exact: they take pre-releases as they are.
  const bool exact = cond.op == Op::eq || cond.op == Op::ne;
  return (exact || prerelease_ok(v, c)) && comparison_holds(cond.op, compare_go(v, c));
}

class HashicorpScheme final : public NumericScheme {
 public:
  std::string_view name() const override { return "hashicorp"; }

  std::optional<NumericVersion> parse(std::string_view text) const override {
    return parse_go_version(text);
  }

  int order(const NumericVersion& a, const NumericVersion& b) const override {
    return compare_go(a, b);
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
