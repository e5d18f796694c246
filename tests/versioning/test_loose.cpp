// loose: best-effort ordering for anything, never throwing for versions.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "versioning/helpers.hpp"

using namespace versiond::test;
using versiond::versioning::Bump;
using versiond::versioning::scheme_for;

namespace {
const auto& loose() { return scheme_for("loose"); }
using Opt = std::optional<std::string_view>;
}  // namespace

TEST_CASE("loose: compare", "[loose]") {
  const auto [a, b, expected] = GENERATE(table<std::string, std::string, int>({
      {"2.541.1", "2.541.2", -1},
      {"2.541.1", "2.541.1", 0},
      {"2.541.10", "2.541.9", 1},
      {"2024.01.15", "2024.1.15", 0},
      {"2024.01.15", "2024.02.01", -1},
      {"2023.12.31", "2024.01.01", -1},
      {"r123", "r99", 1},
      {"r123", "r123", 0},
      {"release-1.2", "release-1.10", -1},
      {"1.0.0-rc.1", "1.0.0", -1},
      {"1.0.0-SNAPSHOT", "1.0.0", -1},
      {"1.0", "1.0.1", -1},
      {"1.0-hotfix", "1.0", 1},  // a word that is not a pre-release follows the release
      {"1.0-hotfix", "1.0.1", -1},
      {"1.0-rc1", "1.0-hotfix", -1},
      {"1.0-alpha", "1.0-beta", -1},
      {"1.0-beta", "1.0-rc", -1},
      {"2.0-dev", "2.0-alpha", -1},
      {"1.0-rc1", "1.0-rc2", -1},
      {"1.0-rc2", "1.0-rc10", -1},
      {"v1.2", "1.2", 0},
      {"V1.2", "1.2", 0},
      {"1.10", "1.9", 1},
      {"00001", "1", 0},
      {"99999999999999999999999999", "99999999999999999999999998", 1},
      {"21.0.5_11", "21.0.5_12", -1},
      {"", "", 0},
      {"latest", "1.0", -1},
      {"abc", "abd", -1},
      {"1.2.3", "1.2.3.0", 0},  // trailing zeros do not count
      {"1.2.3", "1.2.3.1", -1},
  }));
  check_order(loose(), a, b, expected);
}

TEST_CASE("loose: valid and stable", "[loose]") {
  const auto [v, valid, stable] = GENERATE(table<std::string, bool, bool>({
      {"2.541.1", true, true},
      {"2024.01.15", true, true},
      {"r123", true, true},
      {"release-1.2", true, true},
      {"2.541.1-lts", true, true},
      {"1.0-rc1", true, false},
      {"1.0.0-SNAPSHOT", true, false},
      {"3.0.0-M1", true, false},
      {"1.0b2", true, false},
      {"latest", false, false},
      {"", false, false},
      {"\xe2\x9c\x93", false, false},
  }));
  check_validity(loose(), v, valid, stable);
}

TEST_CASE("loose: bump", "[loose]") {
  const auto [from, to, bump, breaking] = GENERATE(table<std::string, std::string, Bump, bool>({
      {"2.541.1", "2.541.2", Bump::patch, false},
      {"2.541.1", "2.542.1", Bump::minor, false},
      {"2024.01.15", "2025.01.01", Bump::major, true},
      {"2024.01.15", "2024.02.01", Bump::minor, false},
      {"r123", "r124", Bump::major, true},
      {"release-1.2", "release-1.3", Bump::minor, false},
      {"0.9", "0.10", Bump::minor, true},
      {"1.2.3-rc.1", "1.2.3", Bump::patch, false},
      {"1.2.3", "1.2.3", Bump::none, false},
      {"v1.2.3", "1.2.3", Bump::none, false},
      {"latest", "latest", Bump::none, false},
      {"1.2", "1.2.0", Bump::none, false},
  }));
  check_bump(loose(), from, to, bump, breaking);
}

TEST_CASE("loose: constraints", "[loose]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      {">= 2.500", "2.541.1", true},
      {"~> 2.541.0", "2.541.9", true},
      {"~> 2.541.0", "2.542.0", false},
      {"~> 2.541", "2.600.0", true},
      {"< 2024.06", "2024.01.15", true},
      {"< 2024.06", "2024.07.01", false},
      {"r123", "r123", true},
      {"r123", "r124", false},
      {"> r100, < r200", "r150", true},
      {"< 1 || >= 3", "2.0", false},
      {"< 1 || >= 3", "3.0", true},
      {"!= 2.541.1", "2.541.1", false},
  }));
  check_satisfies(loose(), v, c, expected);
}

TEST_CASE("loose: an invalid constraint still throws", "[loose]") {
  const auto c = GENERATE(as<std::string>{}, "", ">= ", "1.0,,2.0", "=~ 1.0", "1 ||");
  check_invalid_constraint(loose(), c);
}

TEST_CASE("loose: latest keeps the shape of the current version", "[loose]") {
  const std::vector<std::string> c{"2.541.2",     "2.542",     "2.550", "2.541.3",
                                   "2.541.4-rc1", "latest",    "r124",  "r200",
                                   "300",         "release-5", ""};
  CHECK(loose().latest(c, Opt{}, Opt{"2.541.1"}) == "2.541.3");  // the LTS line
  CHECK(loose().latest(c, Opt{}, Opt{"2.540"}) == "2.550");      // the weekly line
  CHECK(loose().latest(c, Opt{}, Opt{"r123"}) == "r200");
  CHECK(loose().latest(c, Opt{}, Opt{"2.541.4-rc0"}) == "2.541.4-rc1");
  CHECK(loose().latest(c, Opt{"< 2.541.3"}, Opt{"2.541.1"}) == "2.541.2");
  CHECK(loose().latest(c, Opt{}, Opt{"latest"}) == std::nullopt);
  CHECK(loose().latest({"1.0", "2024.01.15", "latest"}, Opt{}, Opt{}) == "2024.01.15");
}

// Issue 11 item 7 (as for docker): a commit id is not a version.
TEST_CASE("loose: commit ids are not versions", "[loose][item7]") {
  const auto [v, valid] = GENERATE(table<std::string, bool>({
      {"1a2b3c4", false},
      {"0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d", false},
      {"0a1b2C3", true},
      {"20100527", true},
  }));
  CAPTURE(v);
  CHECK(loose().valid(v) == valid);
  if (!valid) {
    CHECK(loose().latest({v, "0.1"}, Opt{}, Opt{}) == "0.1");
    CHECK_FALSE(loose().stable(v));
  }
}
