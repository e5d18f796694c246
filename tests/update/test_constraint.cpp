#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "versiond/core/error.hpp"
#include "versiond/update/constraint.hpp"
#include "versiond/versioning/scheme.hpp"

using versiond::update::next_constraint;
using versiond::update::RangeStrategy;
using versiond::versioning::scheme_for;
using versiond::versioning::SchemeId;

namespace {

struct Row {
  const char* scheme;
  const char* current;
  const char* target;
  RangeStrategy strategy;
  std::optional<std::string> expected;  // nullopt: cannot be rewritten
};

const auto R = RangeStrategy::replace;
const auto B = RangeStrategy::bump;
const auto W = RangeStrategy::widen;
const auto P = RangeStrategy::pin;
const std::optional<std::string> none = std::nullopt;

}  // namespace

TEST_CASE("range strategies have one to_string/parse pair", "[update][constraint]") {
  for (const auto s : {R, B, W, P}) {
    CHECK(versiond::update::parse_range_strategy(versiond::update::to_string(s)) == s);
  }
  CHECK(versiond::update::to_string(W) == "widen");
  CHECK_FALSE(versiond::update::parse_range_strategy("Widen"));
}

TEST_CASE("same_prefix spells a version like the value it replaces", "[update][constraint]") {
  using versiond::update::same_prefix;
  CHECK(same_prefix("v1.2.3", "1.3.0") == "v1.3.0");
  CHECK(same_prefix("v1.2.3", "v1.3.0") == "v1.3.0");
  CHECK(same_prefix("1.2.3", "v1.3.0") == "1.3.0");
  CHECK(same_prefix("1.2.3", "1.3.0") == "1.3.0");
  CHECK(same_prefix("vault-1.2", "1.3") == "1.3");
}

TEST_CASE("constraint strategy: the table", "[update][constraint]") {
  const Row rows[] = {
      // Exact pins move to the target, spelled the same way.
      {"hashicorp", "4.78.0", "4.79.0", R, "4.79.0"},
      {"hashicorp", "= 4.78.0", "4.79.0", R, "= 4.79.0"},
      {"hashicorp", "=4.78.0", "5.0.0", R, "=5.0.0"},
      {"semver", "v1.2.3", "1.3.0", R, "v1.3.0"},
      {"semver", "1.2.3", "v1.3.0", R, "1.3.0"},
      {"hashicorp", "4.78.0", "4.79.0", W, "4.79.0"},
      {"hashicorp", "4.78.0", "4.70.0", R, "4.70.0"},  // a downgrade the user asked for
      // Pessimistic: shifted when outside, left alone when it admits the target.
      {"hashicorp", "~> 4.78.0", "4.79.0", R, "~> 4.79.0"},
      {"hashicorp", "~> 4.78.0", "4.79.2", R, "~> 4.79.0"},
      {"hashicorp", "~> 4.78.1", "4.79.2", R, "~> 4.79.2"},
      {"hashicorp", "~> 4.78.0", "4.78.5", R, "~> 4.78.0"},
      {"hashicorp", "~> 4.0", "4.65.0", R, "~> 4.0"},
      {"hashicorp", "~> 4.0", "5.1.0", R, "~> 5.0"},
      {"hashicorp", "~> 4.2", "5.1.0", R, "~> 5.1"},
      {"hashicorp", "~>4.0", "5.1.0", R, "~> 5.0"},
      {"hashicorp", "~> 4.0", "4.65.0", B, "~> 4.65"},
      {"hashicorp", "~> 4.78.0", "4.78.5", B, "~> 4.78.5"},
      {"hashicorp", "~> 4.78.0", "4.80.1", W, ">= 4.78.0, < 4.81.0"},
      {"hashicorp", "~> 4.0", "4.65.0", W, "~> 4.0"},
      {"hashicorp", "~> 4.0", "4.65.0", P, "4.65.0"},
      // Comparison windows.
      {"hashicorp", ">= 5.0.0, < 6.0.0", "6.0.0", R, ">= 6.0.0, < 7.0.0"},
      {"hashicorp", ">= 5.0.0, < 6.0.0", "6.2.1", R, ">= 6.0.0, < 7.0.0"},
      {"hashicorp", ">= 5.0.0, < 6.0.0", "5.6.0", R, ">= 5.0.0, < 6.0.0"},
      {"hashicorp", ">= 1.9.0, < 2.0.0", "2.1.0", R, ">= 2.1.0, < 3.0.0"},
      {"hashicorp", ">= 5.0.0, < 7.0.0", "7.1.0", R, ">= 7.0.0, < 9.0.0"},
      {"hashicorp", ">= 2.48.0, < 2.65.0", "2.70.1", R, ">= 2.70.1, < 2.71.0"},
      {"hashicorp", ">=5.0.0,<6.0.0", "6.0.0", R, ">=6.0.0,<7.0.0"},
      {"hashicorp", ">= 5.0.0, < 6.0.0", "6.1.0", W, ">= 5.0.0, < 7.0.0"},
      {"hashicorp", ">= 5.0.0, < 6.0.0", "5.6.0", B, ">= 5.6.0, < 6.0.0"},
      {"hashicorp", ">= 5.0.0, < 6.0.0", "6.1.0", P, "6.1.0"},
      {"semver", ">=1.0.0 <2.0.0", "2.3.0", R, ">=2.0.0 <3.0.0"},
      // Lower bounds only.
      {"hashicorp", ">= 1.9.0", "1.15.0", R, ">= 1.9.0"},
      {"hashicorp", ">= 1.9.0", "1.15.0", B, ">= 1.15.0"},
      {"hashicorp", ">= 1.9.0", "1.5.0", R, ">= 1.5.0"},  // a downgrade the user asked for
      // Caret and tilde keep their operator.
      {"semver", "^1.2.3", "1.4.0", R, "^1.2.3"},
      {"semver", "^1.2.3", "2.0.1", R, "^2.0.1"},
      {"semver", "~1.2.3", "1.3.0", R, "~1.3.0"},
      {"semver", "^1.2.3", "1.4.0", B, "^1.4.0"},
      {"helm", "^1.2.3", "2.0.1", W, "^1.2.3 || ^2.0.1"},
      {"helm", "~1.2", "1.3.4", R, "~1.3"},
      // Shapes nothing is guessed for.
      {"hashicorp", "< 2.0.0", "2.1.0", R, none},
      {"hashicorp", ">= 1.0.0, != 1.5.0, < 2.0.0", "2.1.0", R, none},
      {"hashicorp", ">= 1.0.0, != 1.5.0, < 2.0.0", "1.6.0", R, ">= 1.0.0, != 1.5.0, < 2.0.0"},
      {"helm", "1.x", "1.4.0", R, "1.x"},
      {"helm", "1.x", "2.0.0", R, none},
  };
  for (const Row& row : rows) {
    INFO(row.scheme << " '" << row.current << "' → " << row.target << " ("
                    << versiond::update::to_string(row.strategy) << ")");
    const auto got = next_constraint(row.current, row.target, scheme_for(row.scheme), row.strategy);
    CHECK(got.value_or("(none)") == row.expected.value_or("(none)"));
  }
}

TEST_CASE("constraint strategy: every rewritten range admits the target", "[update][constraint]") {
  const auto& s = scheme_for(SchemeId::hashicorp);
  for (const char* c : {"~> 1.0", "~> 1.2.0", "~> 1.2.3", ">= 1.0.0, < 2.0.0", "1.2.3", ">= 1.2"}) {
    for (const char* target : {"1.2.4", "1.3.0", "2.0.0", "3.4.5", "10.0.1"}) {
      for (const auto strategy : {R, B, W, P}) {
        const auto next = next_constraint(c, target, s, strategy);
        if (next) {
          INFO(c << " → " << target << " = " << *next);
          CHECK(s.satisfies(target, *next));
        }
      }
    }
  }
}

TEST_CASE("constraint strategy: a target that is not a version is a usage error",
          "[update][constraint]") {
  CHECK_THROWS_AS(next_constraint("~> 4.0", "four", scheme_for(SchemeId::hashicorp)),
                  versiond::Error);
  CHECK_THROWS_WITH(next_constraint("1.0.0", "x.y", scheme_for(SchemeId::semver)),
                    Catch::Contains("x.y"));
}
