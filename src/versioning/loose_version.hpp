// The token model behind the loose scheme (and docker's suffix ordering):
// a string is runs of digits and runs of letters; everything else separates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "versiond/versioning/scheme.hpp"

namespace versiond::versioning::detail {

struct LooseToken {
  bool numeric = false;
  std::string text;  // digits without leading zeros, or lower-cased letters
};

struct LooseVersion {
  std::string prefix;              // letters before the first number ("r", "release")
  std::vector<LooseToken> tokens;  // all tokens, prefix included
  std::vector<std::string> core;   // the numbers up to the first letters after them
  bool has_digit = false;
  bool prerelease = false;   // a pre-release word appears (alpha, beta, rc, ...)
  bool commit_hash = false;  // 7-40 lower-case hex digits, not all decimal
};

// Never fails; a leading 'v' before a digit is dropped.
LooseVersion parse_loose(std::string_view text);
// Words that mark a pre-release, ranked (dev < alpha < beta < milestone < pre < rc);
// -1 when the word is not one.
int prerelease_rank(std::string_view word);
// A total order: numbers compare numerically; at the end of one side, a
// pre-release word on the other side ranks lower, a zero the same, anything
// else higher.
int compare_tokens(const std::vector<LooseToken>& a, const std::vector<LooseToken>& b);
int compare_loose(const LooseVersion& a, const LooseVersion& b);
BumpInfo loose_bump(const LooseVersion& from, const LooseVersion& to);

}  // namespace versiond::versioning::detail
