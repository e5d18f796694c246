// semver: SemVer 2.0.0 precedence, validity, constraints, bumps, selection.
#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "versioning/helpers.hpp"

using namespace versiond::test;
using versiond::versioning::Bump;
using versiond::versioning::scheme_for;

namespace {
const auto& semver() { return scheme_for("semver"); }
}  // namespace

TEST_CASE("semver: the spec's precedence example chain, every pair", "[semver]") {
  // semver.org section 11, extended with the release sequence it also gives.
  const std::vector<std::string> chain{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                       "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                       "1.0.0-rc.1",  "1.0.0",         "2.0.0",
                                       "2.1.0",       "2.1.1"};
  for (std::size_t i = 0; i < chain.size(); ++i) {
    CHECK(semver().compare(chain[i], chain[i]) == 0);
    for (std::size_t j = i + 1; j < chain.size(); ++j) {
      check_order(semver(), chain[i], chain[j], -1);
    }
  }
}

TEST_CASE("semver: compare", "[semver]") {
  const auto [a, b, expected] = GENERATE(table<std::string, std::string, int>({
      {"1.0.0-rc.1", "1.0.0", -1},  // the legacy bug: rc ranked above the release
      {"1.10.0", "1.9.0", 1},       // the legacy bug: string comparison
      {"1.2.10", "1.2.9", 1},
      {"10.0.0", "9.99.99", 1},
      {"0.0.1", "0.0.0", 1},
      {"1.0.0", "1.0.0", 0},
      {"v1.2.3", "1.2.3", 0},
      {"V1.2.3", "v1.2.3", 0},
      {"1.2.3+build.1", "1.2.3+build.2", 0},  // build metadata never counts
      {"1.2.3+build", "1.2.3", 0},
      {"1.2.3-rc.1+b1", "1.2.3-rc.1", 0},
      {"1.0.0-alpha", "1.0.0-alpha.0", -1},
      {"1.0.0-1", "1.0.0-alpha", -1},  // numeric identifiers rank lower
      {"1.0.0-2", "1.0.0-10", -1},     // and compare numerically
      {"1.0.0-a10", "1.0.0-a9", -1},   // alphanumerics compare in ASCII order
      {"1.0.0-Z", "1.0.0-a", -1},
      {"1.0.0-rc.1", "1.0.0-rc.1.1", -1},
      {"1.0.0-beta", "1.0.0-alpha.9", 1},
      {"1.0.0-0", "1.0.0", -1},
      {"1.0.0-rc-1", "1.0.0-rc.1", 1},  // '-' makes "rc-1" one alphanumeric identifier
      {"2.0.0-rc.1", "1.99.99", 1},
      {"1.2.3", "1.2.4-alpha", -1},
      {"18446744073709551615.0.0", "18446744073709551614.9.9", 1},
      {"4.78.0", "4.79.0", -1},
      {"0.9.0", "0.10.0", -1},
  }));
  check_order(semver(), a, b, expected);
}

TEST_CASE("semver: valid and stable", "[semver]") {
  const auto [v, valid, stable] = GENERATE(table<std::string, bool, bool>({
      // From the spec's grammar.
      {"0.0.4", true, true},
      {"1.2.3", true, true},
      {"10.20.30", true, true},
      {"1.1.2-prerelease+meta", true, false},
      {"1.1.2+meta", true, true},
      {"1.1.2+meta-valid", true, true},
      {"1.0.0-alpha", true, false},
      {"1.0.0-alpha.beta.1", true, false},
      {"1.0.0-alpha0.valid", true, false},
      {"1.0.0-alpha.0valid", true, false},
      {"1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", true, false},
      {"1.0.0-rc.1+build.1", true, false},
      {"10.2.3-DEV-SNAPSHOT", true, false},
      {"1.2.3----RC-SNAPSHOT.12.9.1--.12+788", true, false},
      {"1.0.0+0.build.1-rc.10000aaa-kk-0.1", true, true},
      {"1.0.0-0A.is.legal", true, false},
      {"v1.2.3", true, true},
      {"v1.2.3-rc.1", true, false},
      // Not SemVer.
      {"1", false, false},
      {"1.2", false, false},
      {"1.2.3.4", false, false},
      {"1.2.3-0123", false, false},
      {"1.2.3-0123.0123", false, false},
      {"1.1.2+.123", false, false},
      {"+invalid", false, false},
      {"-invalid", false, false},
      {"alpha", false, false},
      {"1.0.0-alpha_beta", false, false},
      {"1.0.0-alpha..", false, false},
      {"1.0.0-alpha..1", false, false},
      {"01.1.1", false, false},
      {"1.01.1", false, false},
      {"1.1.01", false, false},
      {"1.2.3.DEV", false, false},
      {"1.2-SNAPSHOT", false, false},
      {"-1.0.3-gamma+b7718", false, false},
      {"9.8.7+meta+meta", false, false},
      {"9.8.7-whatever+meta+meta", false, false},
      {"1.2.3-", false, false},
      {"1.2.3+", false, false},
      {"", false, false},
      {" 1.2.3", false, false},
      {"1.2.3 ", false, false},
      {"vv1.2.3", false, false},
      {"~>4.78.0", false, false},
      {">=1.0.0", false, false},
      {"latest", false, false},
      {"18446744073709551616.0.0", false, false},  // does not fit 64 bits
      {"1.2.3\xe2\x9c\x93", false, false},
  }));
  check_validity(semver(), v, valid, stable);
}

TEST_CASE("semver: invalid versions throw a usage error naming the value", "[semver]") {
  const auto v = GENERATE(as<std::string>{}, "1.2", "", "~>4.78.0", "latest", "1.0.0-");
  CAPTURE(v);
  const auto msg = usage_error_of([&] { (void)semver().compare(v, "1.0.0"); });
  CHECK(msg.rfind("invalid semver version '" + v + "'", 0) == 0);
  CHECK(usage_error_of([&] { (void)semver().bump("1.0.0", v); }) == msg);
  CHECK(usage_error_of([&] { (void)semver().satisfies(v, ">=1.0.0"); }) == msg);
}

TEST_CASE("semver: a constraint passed as a version says so", "[semver]") {
  CHECK(usage_error_of([] { (void)semver().compare("~>4.78.0", "4.79.0"); }) ==
        "invalid semver version '~>4.78.0' (that is a constraint, not a version)");
}

TEST_CASE("semver: constraints (range language, ~> as in Terraform)", "[semver]") {
  const auto [v, c, expected] = GENERATE(table<std::string, std::string, bool>({
      {"4.78.0", "~> 4.78.0", true},
      {"4.78.9", "~> 4.78.0", true},
      {"4.79.0", "~> 4.78.0", false},  // the legacy bug
      {"4.79.0", "~>4.78.0", false},
      {"4.77.9", "~> 4.78.0", false},
      {"4.99.0", "~> 4.78", true},
      {"5.0.0", "~> 4.78", false},
      {"4.77.0", "~> 4.78", false},
      {"1.8.0", ">= 1.8", true},
      {"1.7.9", ">= 1.8", false},
      {"2.0.0", ">= 1.8", true},
      {"1.9.9", "^1.2.3", true},
      {"2.0.0", "^1.2.3", false},
      {"1.2.2", "^1.2.3", false},
      {"1.2.9", "~1.2.3", true},
      {"1.3.0", "~1.2.3", false},
      {"1.5.0", ">=1.0.0, <2.0.0", true},
      {"2.0.0", ">=1.0.0, <2.0.0", false},
      {"1.5.0", ">=1.0.0 <2.0.0", true},
      {"2.5.0", "1.2.3 || 2.x", true},
      {"1.2.4", "1.2.3 || 2.x", false},
      {"1.2.3", "1.2.3 || 2.x", true},
      {"2.0.0-rc.1", ">=1.0.0", false},  // pre-releases only when asked for
      {"2.0.0-rc.1", ">=2.0.0-rc.0", true},
      {"v1.2.3", "=1.2.3", true},
      {"1.2.3", "v1.2.3", true},
      {"1.2.3", "1.2.3+build", true},
      {"1.2.3", "!=1.2.3", false},
      {"1.2.4", "!=1.2.3", true},
      {"1.4.0", "1.2 - 1.4.5", true},
      {"1.5.0", "1.2 - 1.4.5", false},
      {"3.0.0", "*", true},
      {"3.0.0-beta.1", "*", false},
  }));
  check_satisfies(semver(), v, c, expected);
}

TEST_CASE("semver: invalid constraints throw naming the constraint", "[semver]") {
  const auto c = GENERATE(as<std::string>{}, "", "   ", ">=", "~>", "1.2.3.4", ">= 1.0.0,", "||",
                          "abc", ">== 1.0.0", "1.x.y", "1.2 - ", ">1.2 - 1.4");
  check_invalid_constraint(semver(), c);
}

TEST_CASE("semver: bump type and breaking", "[semver]") {
  const auto [from, to, bump, breaking] = GENERATE(table<std::string, std::string, Bump, bool>({
      {"1.2.3", "2.0.0", Bump::major, true},
      {"1.2.3", "1.3.0", Bump::minor, false},
      {"1.9.0", "1.10.0", Bump::minor, false},
      {"0.1.0", "0.2.0", Bump::minor, true},  // minor while major is 0
      {"0.1.0", "0.1.1", Bump::patch, false},
      {"0.0.1", "0.0.2", Bump::patch, false},
      {"0.9.0", "1.0.0", Bump::major, true},
      {"1.2.3", "1.2.4", Bump::patch, false},
      {"1.2.3-rc.1", "1.2.3", Bump::patch, false},
      {"1.0.0-alpha", "1.0.0-beta", Bump::patch, false},
      {"1.2.3-rc.1", "1.3.0", Bump::minor, false},
      {"1.2.3", "1.2.3", Bump::none, false},
      {"1.2.3+a", "1.2.3+b", Bump::none, false},
      {"v1.2.3", "1.2.4", Bump::patch, false},
      {"2.0.0", "1.0.0", Bump::major, true},  // a downgrade is classified the same way
      {"3.8.1", "3.9.0", Bump::minor, false},
  }));
  check_bump(semver(), from, to, bump, breaking);
}

TEST_CASE("semver: latest", "[semver]") {
  using Opt = std::optional<std::string_view>;
  const std::vector<std::string> mixed{"1.0.0",   "1.10.0", "1.9.0", "2.0.0-rc.1",
                                       "garbage", "v1.2.0", "",      "~> 3.0"};
  CHECK(semver().latest(mixed, Opt{}, Opt{}) == "1.10.0");
  CHECK(semver().latest(mixed, Opt{"~1.9"}, Opt{}) == "1.9.0");
  CHECK(semver().latest(mixed, Opt{"<1.5.0"}, Opt{}) == "v1.2.0");
  CHECK(semver().latest(mixed, Opt{">=3"}, Opt{}) == std::nullopt);
  CHECK(semver().latest({}, Opt{}, Opt{}) == std::nullopt);
  CHECK(semver().latest({"2.0.0-rc.1", "2.0.0-rc.2"}, Opt{}, Opt{}) == std::nullopt);

  SECTION("a pre-release current may move to newer pre-releases of its own core") {
    const std::vector<std::string> c{"1.9.0", "2.0.0-rc.2", "2.1.0-beta.1", "2.0.0-rc.1"};
    CHECK(semver().latest(c, Opt{}, Opt{"2.0.0-rc.1"}) == "2.0.0-rc.2");
    CHECK(semver().latest(c, Opt{}, Opt{"1.9.0"}) == "1.9.0");
    auto with_release = c;
    with_release.emplace_back("2.0.0");
    CHECK(semver().latest(with_release, Opt{}, Opt{"2.0.0-rc.1"}) == "2.0.0");
  }
  SECTION("equal precedence keeps the first candidate") {
    CHECK(semver().latest({"1.0.0+b", "1.0.0+a"}, Opt{}, Opt{}) == "1.0.0+b");
    CHECK(semver().latest({"v1.0.0", "1.0.0"}, Opt{}, Opt{}) == "v1.0.0");
  }
  SECTION("an invalid constraint or current throws even with no candidates") {
    CHECK_FALSE(usage_error_of([] { (void)semver().latest({}, Opt{">>1"}, Opt{}); }).empty());
    CHECK(usage_error_of([] { (void)semver().latest({}, Opt{}, Opt{"1.2"}); }) ==
          "invalid semver version '1.2'");
  }
}
