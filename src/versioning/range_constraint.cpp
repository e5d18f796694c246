#include "versioning/range_constraint.hpp"

#include <algorithm>
#include <optional>

#include "versioning/text.hpp"

namespace versiond::versioning::detail {
namespace {

bool is_wildcard(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

// [v]N[.N[.N]] where any part may be x, X or * (parts after one are ignored),
// then [-pre][+build]; a numeric pre-release identifier has no leading zero.
std::optional<RangeTerm> parse_operand(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) {
    s.remove_prefix(1);
  }
  const auto core_end = s.find_first_of("-+");
  const auto core = s.substr(0, core_end);
  const auto parts = split(core, '.');
  if (parts.size() > 3) {
    return std::nullopt;
  }
  RangeTerm term;
  term.specified = 0;
  bool wild = false;
  for (const auto part : parts) {
    if (is_wildcard(part)) {
      wild = true;
      continue;
    }
    const auto value = parse_number(part);
    if (!value) {
      return std::nullopt;
    }
    if (!wild) {  // as in Masterminds, what follows a wildcard is ignored: 1.x.5 is 1.x
      term.version.segments.push_back(*value);
      ++term.specified;
    }
  }
  while (term.version.segments.size() < 3) {
    term.version.segments.push_back(0);
  }
  if (core_end != std::string_view::npos) {
    auto rest = s.substr(core_end);
    const auto build_at = rest.find('+');
    if (rest.front() == '-') {
      auto ids = parse_identifiers(
          rest.substr(1, build_at == std::string_view::npos ? build_at : build_at - 1), true);
      if (!ids) {
        return std::nullopt;
      }
      term.version.pre = std::move(*ids);
    }
    if (build_at != std::string_view::npos &&
        !parse_identifiers(rest.substr(build_at + 1), false)) {
      return std::nullopt;
    }
  }
  return term;
}

bool tilde(const NumericVersion& v, const RangeTerm& t) {
  if (compare_numeric(v, t.version) < 0) {
    return false;
  }
  const auto& c = t.version;
  if (c.at(0) == 0 && c.at(1) == 0 && c.at(2) == 0 && t.specified == 3) {
    return true;  // ~0.0.0 means any
  }
  return v.at(0) == c.at(0) && (t.specified == 1 || v.at(1) == c.at(1));
}

bool caret(const NumericVersion& v, const RangeTerm& t) {
  const auto& c = t.version;
  if (compare_numeric(v, c) < 0) {
    return false;
  }
  if (c.at(0) > 0 || t.specified == 1) {
    return v.at(0) == c.at(0);  // ^1.2.3 := <2.0.0, ^0 := <1.0.0
  }
  if (v.at(0) > 0) {
    return false;
  }
  if (c.at(1) > 0 || t.specified == 2) {
    return v.at(1) == c.at(1);  // ^0.2.3 := <0.3.0, ^0.0 := <0.1.0
  }
  if (v.at(1) > 0) {
    return false;
  }
  return v.at(2) == c.at(2);  // ^0.0.3 := =0.0.3
}

bool not_equal(const NumericVersion& v, const RangeTerm& t) {
  const auto& c = t.version;
  if (t.specified == 3) {
    return compare_numeric(v, c) != 0;
  }
  if (v.at(0) != c.at(0)) {
    return true;
  }
  if (t.specified == 1) {
    return false;
  }
  return v.at(1) != c.at(1) || compare_prerelease(v.pre, c.pre) != 0;
}

bool greater(const NumericVersion& v, const RangeTerm& t) {
  const auto& c = t.version;
  if (t.specified == 3) {
    return compare_numeric(v, c) > 0;
  }
  if (v.at(0) != c.at(0)) {
    return v.at(0) > c.at(0);
  }
  return t.specified == 2 && v.at(1) > c.at(1);  // >1 needs 2.0.0; >1.1 needs 1.2.0
}

bool less_or_equal(const NumericVersion& v, const RangeTerm& t) {
  const auto& c = t.version;
  if (t.specified == 3) {
    return compare_numeric(v, c) <= 0;
  }
  if (v.at(0) != c.at(0)) {
    return v.at(0) < c.at(0);
  }
  return t.specified == 1 || v.at(1) <= c.at(1);  // <=1 := <2.0.0; <=1.2 := <1.3.0
}

// Masterminds 3.4: a pre-release version only meets the conditions of an AND
// group in which some condition names a pre-release (3.3 asked each condition
// on its own); `!=` included.
bool group_admits_prereleases(const std::vector<RangeTerm>& group) {
  return std::any_of(group.begin(), group.end(),
                     [](const RangeTerm& t) { return t.version.prerelease(); });
}

bool term_matches(const NumericVersion& v, const RangeTerm& t, bool hashicorp_pessimistic) {
  if (t.specified == 0) {
    // A bare wildcard: every version for the inclusive operators, none otherwise.
    return t.op != Op::ne && t.op != Op::lt && t.op != Op::gt;
  }
  switch (t.op) {
    case Op::eq: return t.specified < 3 ? tilde(v, t) : compare_numeric(v, t.version) == 0;
    case Op::ne: return not_equal(v, t);
    case Op::gt: return greater(v, t);
    case Op::ge: return compare_numeric(v, t.version) >= 0;
    case Op::lt: return compare_numeric(v, t.version) < 0;
    case Op::le: return less_or_equal(v, t);
    case Op::tilde: return tilde(v, t);
    case Op::caret: return caret(v, t);
    case Op::pessimistic:
      return hashicorp_pessimistic
                 ? pessimistic_matches(v, t.version, static_cast<std::size_t>(t.specified))
                 : tilde(v, t);
  }
  return false;
}

}  // namespace

bool pessimistic_matches(const NumericVersion& v, const NumericVersion& c, std::size_t written) {
  if (compare_numeric(v, c) < 0) {
    return false;
  }
  for (std::size_t i = 0; i + 1 < written; ++i) {
    if (v.at(i) != c.at(i)) {
      return false;
    }
  }
  return true;
}

RangeConstraint parse_range_constraint(std::string_view text, std::string_view scheme) {
  RangeConstraint result;
  for (const auto& group : parse_range_syntax(text, scheme)) {
    std::vector<RangeTerm> terms;
    for (const auto& term : group) {
      auto parsed = parse_operand(term.operand);
      if (!parsed) {
        throw_invalid_constraint(scheme, text, "bad version '" + shown(term.operand) + "'");
      }
      parsed->op = term.op;
      terms.push_back(std::move(*parsed));
    }
    result.push_back(std::move(terms));
  }
  return result;
}

bool range_matches(const NumericVersion& v, const RangeConstraint& constraint,
                   bool hashicorp_pessimistic) {
  for (const auto& group : constraint) {
    if (v.prerelease() && !group_admits_prereleases(group)) {
      continue;
    }
    if (std::all_of(group.begin(), group.end(), [&](const RangeTerm& t) {
          return term_matches(v, t, hashicorp_pessimistic);
        })) {
      return true;
    }
  }
  return false;
}

}  // namespace versiond::versioning::detail
