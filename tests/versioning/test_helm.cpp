// helm: chart versions and the Masterminds semver v3 constraint language.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "versioning/helpers.hpp"

using namespace versiond::test;
using versiond::versioning::Bump;
using versiond::versioning::scheme_for;

namespace {
const auto& helm() { return scheme_for("helm"); }
}  // namespace

TEST_CASE("helm: valid versions are one to three segments", "[helm]") {
  const auto [v, valid, stable] = GENERATE(table<std::string, bool, bool>({
      {"1", true, true},
      {"1.2", true, true},
      {"1.2.3", true, true},
      {"v1.2.3", true, true},
      {"1.2.3-rc.1+meta", true, false},
      {"0.23.0-rc1", true, false},
      {"01.2.3", true, true},
      {"1.2.3.4", false, false},
      {"latest", false, false},
      {"", false, false},
      {"1.2.x", false, false},
      {"^1.2.3", false, false},
  }));
  check_validity(helm(), v, valid, stable);
}

TEST_CASE("helm: compare", "[helm]") {
  const auto [a, b, expected] = GENERATE(table<std::string, std::string, int>({
      {"1.2", "1.2.0", 0},
      {"1", "1.0.0", 0},
      {"0.29.0", "0.28.3", 1},
      {"0.23.0-rc1", "0.23.0", -1},
      {"0.23.0-rc1", "0.22.1", 1},
      {"10.0.0", "9.0.0", 1},
      {"1.0.0+a", "1.0.0+b", 0},
  }));
  check_order(helm(), a, b, expected);
}

TEST_CASE("helm: caret, tilde and wildcard ranges", "[helm]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      // ^ keeps the left-most non-zero segment.
      {"^1.2.3", "1.2.3", true},
      {"^1.2.3", "1.9.9", true},
      {"^1.2.3", "2.0.0", false},
      {"^1.2.3", "1.2.2", false},
      {"^1.2", "1.2.0", true},
      {"^1.2", "1.99.0", true},
      {"^1.2", "1.1.9", false},
      {"^1", "1.0.0", true},
      {"^1", "1.9.0", true},
      {"^1", "2.0.0", false},
      {"^0.2.3", "0.2.3", true},
      {"^0.2.3", "0.2.9", true},
      {"^0.2.3", "0.3.0", false},
      {"^0.2", "0.2.0", true},
      {"^0.2", "0.2.9", true},
      {"^0.2", "0.3.0", false},
      {"^0.0.3", "0.0.3", true},
      {"^0.0.3", "0.0.4", false},
      {"^0.0", "0.0.9", true},
      {"^0.0", "0.1.0", false},
      {"^0", "0.9.9", true},
      {"^0", "1.0.0", false},
      {"^*", "3.4.5", true},
      // ~ keeps major and minor (or just the major when only it is written).
      {"~1.2.3", "1.2.3", true},
      {"~1.2.3", "1.2.9", true},
      {"~1.2.3", "1.3.0", false},
      {"~1.2.3", "1.2.2", false},
      {"~1.2", "1.2.0", true},
      {"~1.2", "1.2.9", true},
      {"~1.2", "1.3.0", false},
      {"~1", "1.0.0", true},
      {"~1", "1.9.0", true},
      {"~1", "2.0.0", false},
      {"~1.x", "1.9.0", true},
      {"~0.0.0", "5.0.0", true},
      {"~>1.2", "1.2.5", true},  // Masterminds treats ~> as ~
      {"~>1.2", "1.3.0", false},
      {"~> 1.2.3", "1.2.9", true},
      // Wildcards and partial versions.
      {"1.2.x", "1.2.0", true},
      {"1.2.x", "1.2.9", true},
      {"1.2.x", "1.3.0", false},
      {"1.2.*", "1.2.7", true},
      {"1.2.X", "1.2.7", true},
      {"1.x", "1.9.9", true},
      {"1.x", "2.0.0", false},
      {"1.x.x", "1.0.1", true},
      {"*", "1.0.0", true},
      {"*", "0.0.1", true},
      {"x", "7.0.0", true},
      {"1.2", "1.2.9", true},  // a partial version is a range
      {"1.2", "1.3.0", false},
      {"1", "1.5.0", true},
      {"1", "2.0.0", false},
      {">= 1.2.x", "1.2.0", true},
      {">= 1.2.x", "1.1.9", false},
      {"<= 2.x", "2.9.9", true},
      {"<= 2.x", "3.0.0", false},
      {"> 1.x", "2.0.0", true},
      {"> 1.x", "1.9.0", false},
      {"> 1.1", "1.1.5", false},
      {"> 1.1", "1.2.0", true},
      {"< 1.2", "1.1.9", true},
      {"< 1.2", "1.2.0", false},
      {"<= 1.2", "1.2.9", true},
      {"<= 1.2", "1.3.0", false},
      {"<1.x", "0.9.0", true},
      {"<1.x", "1.0.0", false},
      {"!= *", "1.0.0", false},
      {"< *", "1.0.0", false},
  }));
  check_satisfies(helm(), v, c, expected);
}

TEST_CASE("helm: comparisons, hyphen ranges, AND and OR", "[helm]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      {"1.2 - 1.4.5", "1.2.0", true},
      {"1.2 - 1.4.5", "1.4.5", true},
      {"1.2 - 1.4.5", "1.4.6", false},
      {"1.2 - 1.4.5", "1.1.9", false},
      {"2.3.4 - 4.5", "4.5.9", true},
      {"2.3.4 - 4.5", "4.6.0", false},
      {"2.3.4 - 4.5", "2.3.3", false},
      {"1.2.3 - 2", "2.9.0", true},
      {"1.2.3 - 2", "3.0.0", false},
      {">= 1.2, < 3.0.0 || >= 4.2.3", "2.0.0", true},
      {">= 1.2, < 3.0.0 || >= 4.2.3", "3.5.0", false},
      {">= 1.2, < 3.0.0 || >= 4.2.3", "4.2.3", true},
      {">=1.2.3 <2", "1.5.0", true},
      {">=1.2.3 <2", "2.0.0", false},
      {">=1.2.3,<2", "1.2.3", true},
      {">= 1.2.3 , < 2", "1.2.2", false},
      {"1.2.3 || 1.2.5", "1.2.5", true},
      {"1.2.3 || 1.2.5", "1.2.4", false},
      {"1.2.3||1.2.5", "1.2.3", true},
      {"!=1.2.3", "1.2.3", false},
      {"!=1.2.3", "1.2.4", true},
      {"!=1.2.x", "1.2.5", false},
      {"!=1.2.x", "1.3.0", true},
      {"!=1.x", "1.5.0", false},
      {"!=1.x", "2.0.0", true},
      {"=1.2.3", "1.2.3", true},
      {"=1.2.3", "1.2.4", false},
      {"1.2.3", "1.2.3", true},
      {"v1.2.3", "1.2.3", true},
      {"1.2.3", "v1.2.3", true},
      {"=> 1.2", "1.2.0", true},
      {"=< 1.2", "1.2.5", true},
      {"=< 1.2", "1.3.0", false},
      {">1.2.3", "1.2.3", false},
      {">1.2.3", "1.2.4", true},
      {"<1.2.3", "1.2.2", true},
      {">=0.21.0 <0.23.0", "0.22.1", true},
      {">= 1.2\r\n", "1.3.0", true},  // a value read from a CRLF file
      {"\t^1.2 ", "1.3.0", true},
  }));
  check_satisfies(helm(), v, c, expected);
}

TEST_CASE("helm: pre-releases only match AND groups that name one (Masterminds 3.4)", "[helm]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      {">=1.2.3", "1.3.0-beta", false},
      {">=1.2.3-0", "1.3.0-beta", true},
      {"^1.2.3-beta.1", "1.2.3-beta.2", true},
      {"^1.2.3-beta.1", "1.2.3", true},
      {"^1.2.3-beta.1", "1.2.3-alpha", false},
      {"^1.2.3-beta.1", "1.2.4-alpha", true},
      {"1.2.3-beta.1", "1.2.3-beta.1", true},
      {"1.2.3-beta.1", "1.2.3-beta.2", false},
      {">=1.0.0-0 <2.0.0", "1.5.0-beta", true},  // 3.4: the group names one (3.3: false)
      {"~1.2.3-beta", "1.2.3-rc", true},
      {"1.2.x", "1.2.5-rc.1", false},
      {"*", "1.0.0-rc.1", false},
      {"!=1.2.3", "1.2.4-rc.1", false},
  }));
  check_satisfies(helm(), v, c, expected);
}

TEST_CASE("helm: invalid constraints", "[helm]") {
  const auto c =
      GENERATE(as<std::string>{}, "", "||", "1.2 ||", "|| 1.2", ">= 1.2 <", "abc", ">==1.2",
               "1.2.3.4", "1.x.y", "~>", "1.2 - ", "1.2 - >1.4", ">1.2 - 1.4", "1.2,,1.3", ",1.2",
               "1 | 2", ">=1.2<2", "latest", "1.2.3-", "1.2.3+", "^1.2.3-beta..1");
  check_invalid_constraint(helm(), c);
}

TEST_CASE("helm: bump", "[helm]") {
  const auto [from, to, bump, breaking] = GENERATE(table<std::string, std::string, Bump, bool>({
      {"0.28.3", "0.29.0", Bump::minor, true},
      {"0.29.0", "0.29.1", Bump::patch, false},
      {"6.7.11", "7.0.0", Bump::major, true},
      {"1.2", "1.2.1", Bump::patch, false},
      {"1.2", "1.2.0", Bump::none, false},
      {"0.23.0-rc1", "0.23.0", Bump::patch, false},
  }));
  check_bump(helm(), from, to, bump, breaking);
}

TEST_CASE("helm: latest", "[helm]") {
  using Opt = std::optional<std::string_view>;
  const std::vector<std::string> c{"0.0.5", "0.0.11", "0.1.0", "0.1.3", "1.0.0-rc.1", "junk"};
  CHECK(helm().latest(c, Opt{}, Opt{}) == "0.1.3");
  CHECK(helm().latest(c, Opt{"^0.0.5"}, Opt{}) == "0.0.5");
  CHECK(helm().latest(c, Opt{"~0.0.5"}, Opt{}) == "0.0.11");
  CHECK(helm().latest(c, Opt{">=1.0.0-0"}, Opt{}) == std::nullopt);
  CHECK(helm().latest(c, Opt{">=1.0.0-0"}, Opt{"1.0.0-rc.0"}) == "1.0.0-rc.1");
}

// Issue 11 item 7: Masterminds rejects a numeric pre-release identifier with a
// leading zero (its validatePrerelease), in versions and in constraints; we
// accepted 1.2.3-01.
TEST_CASE("helm: no leading zero in a numeric pre-release identifier", "[helm][item7]") {
  const auto [v, valid] = GENERATE(table<std::string, bool>({
      {"1.2.3-01", false},
      {"1.2.3-alpha.01", false},
      {"1.2.31----RC-SNAPSHOT.12.09.1--.12+788", false},
      {"1.2.3-0", true},
      {"1.2.3-alpha.0", true},
      {"1.2.3-alpha.-1", true},  // not numeric: '-' is a letter here
      {"1.2.3-0a", true},        // alphanumeric
      {"1.2.3+test.01", true},   // build metadata may
      {"01.2.3", true},          // and so may the numbers (Masterminds 3.4 NewVersion)
  }));
  CAPTURE(v);
  CHECK(helm().valid(v) == valid);
  CHECK(helm().valid_constraint(">=" + v) == valid);
}

// Issue 11 item 7: Masterminds accepts a wildcard before a number (1.x.5) and
// ignores what follows it; we rejected the constraint.
TEST_CASE("helm: a wildcard in the middle makes the rest a wildcard", "[helm][item7]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      {"1.x.5", "1.0.0", true},
      {"1.x.5", "1.9.2", true},
      {"1.x.5", "2.0.0", false},
      {"1.*.5", "1.3.0", true},
      {">= 1.x.5", "1.0.0", true},
      {"x.2.3", "7.0.0", true},
      {"~1.x.3", "1.5.0", true},
      {"~1.x.3", "2.0.0", false},
  }));
  check_satisfies(helm(), v, c, expected);
}

// Masterminds 3.4 (#267): one pre-release anywhere in an AND group admits
// pre-releases for the whole group; each OR alternative decides for itself.
TEST_CASE("helm: the 3.4 pre-release rule per AND group", "[helm][item7]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      {">= 1.0.0  <= 2.0.0-beta", "1.0.1-beta", true},
      {">= 1.0.0  <= 2.0.0-beta || > 3", "3.0.1-beta", false},
      {">= 1.0.0  <= 2.0.0-beta != 1.0.1-beta || > 3", "1.0.1-beta", false},
      {">= 1.0.0-0  <= 2.0.0", "1.0.1-beta", true},
      {">=1.0.0 <2.0.0", "1.0.1-beta", false},
  }));
  check_satisfies(helm(), v, c, expected);
}
