// The two constraint grammars the schemes share.
//
// List grammar (hashicorp, docker, loose): "op version" items joined by ','
// (AND), optionally alternatives joined by '||' (OR).
// Range grammar (helm, semver): the Masterminds/npm style: items joined by ','
// or whitespace (AND), '||' (OR), "A - B" hyphen ranges, '^', '~'.
// Both only split the text; each scheme parses and evaluates the operands.
#pragma once

#include <string_view>
#include <vector>

namespace versiond::versioning::detail {

enum class Op { eq, ne, gt, ge, lt, le, pessimistic, tilde, caret };

struct Term {
  Op op = Op::eq;
  std::string_view operand;  // points into the constraint text
};

using Conjunction = std::vector<Term>;
using Disjunction = std::vector<Conjunction>;

// For = != > >= < <=: whether a three-way comparison result meets op
// (false for the range operators, which need more than the comparison).
bool comparison_holds(Op op, int cmp) noexcept;

// True when every item of some group meets pred: how '||' of ','-joined
// conditions is evaluated, whatever the item type.
template <class Groups, class Pred>
bool any_group_all(const Groups& groups, Pred pred) {
  for (const auto& group : groups) {
    bool all = true;
    for (const auto& item : group) {
      if (!pred(item)) {
        all = false;
        break;
      }
    }
    if (all) {
      return true;
    }
  }
  return false;
}

// Both throw Error(usage, "invalid <scheme> constraint '<text>': <why>").
Disjunction parse_list_syntax(std::string_view text, std::string_view scheme, bool allow_or);
Disjunction parse_range_syntax(std::string_view text, std::string_view scheme);

}  // namespace versiond::versioning::detail
