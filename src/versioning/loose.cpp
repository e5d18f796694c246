// loose: best effort for anything (2.541.1, 2024.01.15, r123, release-1.2).
// Never throws for a version string: every string orders somewhere.
// Constraints: "op version" joined by ',' (AND) and '||' (OR); ops
// = != > >= < <= ~> (~> keeps all written numbers but the last).
#include "versioning/constraint_syntax.hpp"
#include "versioning/loose_version.hpp"
#include "versioning/schemes.hpp"
#include "versioning/selection.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning::detail {
namespace {

struct Condition {
  Op op = Op::eq;
  LooseVersion version;
};

bool pessimistic(const LooseVersion& v, const LooseVersion& c) {
  if (compare_loose(v, c) < 0) {
    return false;
  }
  for (std::size_t i = 0; i + 1 < c.core.size(); ++i) {
    const std::string_view have = i < v.core.size() ? std::string_view(v.core[i]) : "0";
    if (have != c.core[i]) {
      return false;
    }
  }
  return true;
}

bool condition_matches(const LooseVersion& v, const Condition& cond) {
  if (cond.op == Op::pessimistic) {
    return pessimistic(v, cond.version);
  }
  return comparison_holds(cond.op, compare_loose(v, cond.version));
}

using Constraint = std::vector<std::vector<Condition>>;

Constraint compile(std::string_view text) {
  Constraint result;
  for (const auto& group : parse_list_syntax(text, "loose", true)) {
    std::vector<Condition> conditions;
    conditions.reserve(group.size());
    for (const auto& term : group) {
      conditions.push_back({term.op, parse_loose(term.operand)});
    }
    result.push_back(std::move(conditions));
  }
  return result;
}

bool matches(const LooseVersion& v, const Constraint& constraint) {
  return any_group_all(constraint, [&](const Condition& c) { return condition_matches(v, c); });
}

class LooseScheme final : public Scheme {
 public:
  std::string_view name() const override { return "loose"; }

  // Valid when it has at least one number to order by and is not a commit id.
  bool valid(std::string_view v) const override {
    const auto parsed = parse_loose(v);
    return parsed.has_digit && !parsed.commit_hash;
  }

  bool stable(std::string_view v) const override {
    const auto parsed = parse_loose(v);
    return valid(v) && !parsed.prerelease;
  }

  int compare(std::string_view a, std::string_view b) const override {
    return compare_loose(parse_loose(a), parse_loose(b));
  }

  bool satisfies(std::string_view v, std::string_view c) const override {
    return matches(parse_loose(v), compile(c));
  }

  BumpInfo bump(std::string_view from, std::string_view to) const override {
    return loose_bump(parse_loose(from), parse_loose(to));
  }

  // With a current version, candidates keep its shape: the same letters before
  // the first number and the same count of leading numbers (2.541.1 stays on
  // the three-number line, r123 on r-numbers).
  std::optional<std::string> latest(const std::vector<std::string>& candidates,
                                    std::optional<std::string_view> constraint,
                                    std::optional<std::string_view> current) const override {
    const auto con = constraint ? std::optional<Constraint>(compile(*constraint)) : std::nullopt;
    const auto cur = current ? std::optional<LooseVersion>(parse_loose(*current)) : std::nullopt;
    const auto eligible = [&](const LooseVersion& v) {
      if (!v.has_digit || v.commit_hash) {
        return false;
      }
      if (cur && (v.prefix != cur->prefix || v.core.size() != cur->core.size())) {
        return false;
      }
      if (v.prerelease && !(cur && cur->prerelease && v.core == cur->core)) {
        return false;
      }
      return !con || matches(v, *con);
    };
    return pick_highest(
        candidates, [](const std::string& text) { return std::optional(parse_loose(text)); },
        eligible, compare_loose);
  }

  UpdatePicks pick_updates(const std::vector<std::string_view>& candidates,
                           std::string_view current,
                           std::optional<std::string_view> allowed) const override {
    const LooseVersion cur = parse_loose(current);
    std::optional<Constraint> con;
    if (!compile_allowed(
            allowed, [](std::string_view c) { return compile(c); }, con)) {
      return {};
    }
    return pick_update_candidates(
        candidates, cur,
        [](std::string_view text, LooseVersion& out) {
          out = parse_loose(text);
          return true;
        },
        [&](const LooseVersion& v) {
          return v.has_digit && !v.commit_hash && !v.prerelease && v.prefix == cur.prefix &&
                 v.core.size() == cur.core.size() && (!con || matches(v, *con));
        },
        compare_loose, loose_bump);
  }
};

}  // namespace

const Scheme& loose_scheme() {
  static const LooseScheme scheme;
  return scheme;
}

}  // namespace versiond::versioning::detail
