// hashicorp: Terraform/OpenTofu versions and constraints (go-version rules).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "versioning/helpers.hpp"

using namespace versiond::test;
using versiond::versioning::Bump;
using versiond::versioning::scheme_for;

namespace {
const auto& hashicorp() { return scheme_for("hashicorp"); }
}  // namespace

TEST_CASE("hashicorp: valid and stable", "[hashicorp]") {
  const auto [v, valid, stable] = GENERATE(table<std::string, bool, bool>({
      {"1", true, true},
      {"1.2", true, true},
      {"1.2.3", true, true},
      {"1.2.3.4", true, true},
      {"v1.2.3", true, true},
      {"1.2.3-beta", true, false},
      {"1.2.3-beta.1", true, false},
      {"1.2.3beta1", true, false},  // go-version accepts a glued pre-release
      {"1.2.3+meta", true, true},
      {"1.2.3-rc1+meta", true, false},
      {"0.12.31", true, true},
      {"01.2.3", true, true},  // leading zeros are tolerated
      {"", false, false},
      {"a", false, false},
      {"1.", false, false},
      {".1", false, false},
      {"1..2", false, false},
      {"1.2.x", false, false},
      {"~> 1.2", false, false},
      {"1.2.3-", true, false},  // go-version: a bare '-' is a pre-release
      {"1.2.3 ", false, false},
      {"latest", false, false},
  }));
  check_validity(hashicorp(), v, valid, stable);
}

TEST_CASE("hashicorp: compare pads missing segments with zero", "[hashicorp]") {
  const auto [a, b, expected] = GENERATE(table<std::string, std::string, int>({
      {"1", "1.0.0", 0},
      {"1.2", "1.2.0.0", 0},
      {"1.2.3.4", "1.2.3", 1},
      {"1.10", "1.9", 1},
      {"4.79.0", "4.78.12", 1},
      {"1.0.0-beta", "1.0.0", -1},
      {"1.2.3beta1", "1.2.3-beta1", 0},
      {"1.0.0-beta.2", "1.0.0-beta.11", -1},
      {"v1.5.0", "1.5", 0},
      {"1.5.0+meta", "1.5.0", 0},
      {"0.12.31", "0.13.0", -1},
      {"3.0.0", "2.99.99.99", 1},
  }));
  check_order(hashicorp(), a, b, expected);
}

TEST_CASE("hashicorp: constraints", "[hashicorp]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      // The documented pessimistic operator.
      {"~> 1.0.4", "1.0.5", true},
      {"~> 1.0.4", "1.0.10", true},
      {"~> 1.0.4", "1.1.0", false},
      {"~> 1.0.4", "1.0.3", false},
      // The legacy bug: ~>4.78.0 is a constraint, and 4.79.0 does not meet it.
      {"~> 4.78.0", "4.78.0", true},
      {"~> 4.78.0", "4.78.12", true},
      {"~> 4.78.0", "4.79.0", false},
      {"~>4.78.0", "4.79.0", false},
      {"~> 4.78.0", "4.77.0", false},
      {"~> 4.78.0", "5.0.0", false},
      // Two segments: the minor may grow, the major may not.
      {"~> 4.78", "4.78.0", true},
      {"~> 4.78", "4.79.0", true},
      {"~> 4.78", "4.99.1", true},
      {"~> 4.78", "5.0.0", false},
      {"~> 4.78", "4.77.9", false},
      {"~> 1.0", "1.1", true},
      {"~> 1.0", "2.0", false},
      {"~> 0.12", "0.13.0", true},
      {"~> 0.12", "1.0.0", false},
      // One segment: only the major is written, and it may grow (go-version).
      {"~> 4", "4.0", true},
      {"~> 4", "5.0", true},
      {"~> 4", "3.9", false},
      // Four segments.
      {"~> 1.2.3.4", "1.2.3.9", true},
      {"~> 1.2.3.4", "1.2.4.0", false},
      {"~> 1.2.5", "1.2.5", true},
      {"~> 1.2.3", "1.3", false},
      {"~> 1.2", "1.5.2", true},
      {"~> 0.9.0", "0.9.5", true},
      {"~> 1.0.9", "1.0.10", true},
      // Comparisons and comma = AND.
      {">= 1.0", "1.0.0", true},
      {">= 1.0", "0.9", false},
      {">= 1.1", "1.1.0", true},
      {"> 1.1", "1.1.0", false},
      {"< 1.1", "1.0.0", true},
      {"<= 1.1", "1.1.0", true},
      {"> 1.0, < 1.2", "1.1", true},
      {"> 1.0, < 1.2", "1.2", false},
      {">= 1.2.0, < 2.0.0", "1.9.9", true},
      {">= 1.2.0, < 2.0.0", "2.0.0", false},
      {">=1.2.0,<2.0.0", "1.5.0", true},
      {"!= 1.2.3", "1.2.3", false},
      {"!= 1.2.3", "1.2.4", true},
      {"= 1.2.3", "1.2.3", true},
      {"= 1.2.3", "v1.2.3", true},
      {"= 1.2.3", "1.2.3.0", true},
      {"1.2.3", "1.2.3", true},
      {"1.2.3", "1.2.4", false},
      {"= 1.2", "1.2.0", true},
      {">= 1.8, != 1.9.0", "1.9.0", false},
      {">= 1.8, != 1.9.0", "1.9.1", true},
      {" >= 1.8 \r\n", "1.9.1", true},
      // Pre-releases: only a condition naming a pre-release of the same core.
      {">= 1.0.0", "1.1.0-beta", false},
      {">= 1.1.0-alpha", "1.1.0-beta", true},
      {">= 1.0.0-alpha", "1.1.0-beta", false},
      {">= 1.0.0-alpha", "1.1.0", true},
      {">= 2.1.0-a", "2.1.0-beta", true},
      {">= 2.1.0-a", "2.1.1-beta", false},
      {">= 2.1.0-a", "2.1.1", true},
      {">= 2.1.0-a", "2.1.0", true},
      {"<= 2.1.0-a", "2.0.0", true},
      {"< 1.1.0", "1.1.0-beta", false},
      {"= 1.1.0-beta", "1.1.0-beta", true},
      {"1.1.0-beta", "1.1.0-beta", true},
      {"= 1.1.0-beta", "1.1.0", false},
      {"~> 1.0.0-beta", "1.0.0-rc", true},
      {"~> 1.0.0-beta", "1.0.0", false},  // a pre-release ~> only admits pre-releases
      {"~> 1.0.0", "1.0.1-beta", false},
      {"!= 1.0.0", "1.0.1-beta", true},  // = and != are exact comparisons
  }));
  check_satisfies(hashicorp(), v, c, expected);
}

TEST_CASE("hashicorp: invalid constraints", "[hashicorp]") {
  const auto c =
      GENERATE(as<std::string>{}, "", " ", ",", ">= 1.0,", ", >= 1.0", "=> 1.0", "~ 1.0", "^1.0",
               ">= 1.x", "1.0 || 2.0", ">= 1.0 < 2.0", "latest", ">=", "~>", "== 1.0");
  check_invalid_constraint(hashicorp(), c);
}

TEST_CASE("hashicorp: bump", "[hashicorp]") {
  const auto [from, to, bump, breaking] = GENERATE(table<std::string, std::string, Bump, bool>({
      {"4.78.0", "4.79.0", Bump::minor, false},
      {"4.78", "5.0", Bump::major, true},
      {"1.2.3.4", "1.2.3.5", Bump::patch, false},
      {"1", "1.0.0", Bump::none, false},
      {"0.12.31", "0.13.0", Bump::minor, true},
      {"1.0.0-beta", "1.0.0", Bump::patch, false},
      {"3.74.0", "3.116.0", Bump::minor, false},
      {"1.5.7", "1.14.0", Bump::minor, false},
  }));
  check_bump(hashicorp(), from, to, bump, breaking);
}

TEST_CASE("hashicorp: latest", "[hashicorp]") {
  using Opt = std::optional<std::string_view>;
  const std::vector<std::string> c{"4.77.0", "4.78.0",      "4.78.3",       "4.79.0",
                                   "5.0.0",  "5.1.0-beta1", "not-a-version"};
  CHECK(hashicorp().latest(c, Opt{}, Opt{}) == "5.0.0");
  CHECK(hashicorp().latest(c, Opt{"~> 4.78.0"}, Opt{}) == "4.78.3");
  CHECK(hashicorp().latest(c, Opt{"~> 4.78"}, Opt{}) == "4.79.0");
  CHECK(hashicorp().latest(c, Opt{"< 4.0"}, Opt{}) == std::nullopt);
  CHECK(hashicorp().latest(c, Opt{}, Opt{"5.1.0-beta0"}) == "5.1.0-beta1");
  CHECK(hashicorp().latest(c, Opt{}, Opt{"4.78.0"}) == "5.0.0");
  CHECK(hashicorp().latest({"5.1.0-beta1", "5.1.0-beta2"}, Opt{">= 5.1.0-beta1"},
                           Opt{"5.1.0-beta1"}) == "5.1.0-beta2");
  CHECK(usage_error_of([&] {
          (void)hashicorp().latest(c, Opt{"~> "}, Opt{});
        }).rfind("invalid hashicorp constraint", 0) == 0);
}

// Issue 11 item 7: go-version accepts '~' in a pre-release and a bare '-'
// pre-release, and ranks a shorter pre-release above a longer one whose next
// identifier is alphanumeric (its comparePart); we rejected or ordered them
// SemVer's way.
TEST_CASE("hashicorp: go-version's pre-release grammar", "[hashicorp][item7]") {
  const auto [v, valid] = GENERATE(table<std::string, bool>({
      {"1.2.3-~beta", true},
      {"1.2.3~beta", true},
      {"1.2.0-X-1.2.0+metadata~dist", true},
      {"1.2.3-rc~1.x~y", true},
      {"1.0-", true},
      {"v1.0.3-", true},
      {"1.2.3--", true},
      {"1.2.3-.", false},
      {"1.2.3-a..b", false},
      {"1.2.3+", false},
      {"V1.2.3", false},  // go-version only takes a lower-case v
  }));
  CAPTURE(v);
  CHECK(hashicorp().valid(v) == valid);
  if (valid) {
    CHECK_FALSE(hashicorp().stable(v));
  }
}

TEST_CASE("hashicorp: go-version's pre-release order", "[hashicorp][item7]") {
  check_order(hashicorp(), "5.4-alpha", "5.4-alpha.beta", 1);
  check_order(hashicorp(), "5.4-alpha", "5.4-alpha.1", -1);
  check_order(hashicorp(), "3.2-alpha.1", "3.2-alpha", 1);
  check_order(hashicorp(), "v1.0.3-", "v1.0.3", -1);
  check_order(hashicorp(), "1.2.3-~beta", "1.2.3-~beta", 0);
  check_order(hashicorp(), "1.2.3~beta", "1.2.3-~beta", 0);  // glued on or after '-': the same
  check_satisfies(hashicorp(), "1.2.3-~beta", ">= 1.2.3-alpha", true);
}
