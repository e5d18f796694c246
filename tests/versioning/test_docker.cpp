// docker: image tags, variant suffixes and upgrade candidate selection.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "versioning/helpers.hpp"

using namespace versiond::test;
using versiond::versioning::Bump;
using versiond::versioning::scheme_for;

namespace {
const auto& docker() { return scheme_for("docker"); }
using Opt = std::optional<std::string_view>;
}  // namespace

TEST_CASE("docker: which tags are versions", "[docker]") {
  const auto [tag, valid, stable] = GENERATE(table<std::string, bool, bool>({
      {"2.4-alpine", true, true},
      {"2.541.1-lts-jdk21", true, true},
      {"v1.31.4", true, true},
      {"1.27.3-alpine3.20", true, true},
      {"8u292-jre", true, true},
      {"20240115", true, true},
      {"3.9.0b2", true, false},
      {"7.0.0RC1-apache", true, false},
      {"1.0.0-rc.1", true, false},
      {"1.0.0-beta-alpine", true, false},
      {"7.4-rc-fpm", true, false},
      {"latest", false, false},
      {"edge", false, false},
      {"stable", false, false},
      {"main", false, false},
      {"lts-jdk21", false, false},
      {"sha256:d9243f1b7a4c0e6d2f3b5a7c9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f", false, false},
      {"1.2@sha256:d924", false, false},
      {"", false, false},
      {"v", false, false},
      {"1.", false, false},
      {"1..2", false, false},
      {".1", false, false},
      {"-1", false, false},
      {"1.2-", false, false},
      {"1.2 3", false, false},
      {"1.2:3", false, false},
      {"a1.2", false, false},
      {"1.x", false, false},
      {std::string(129, '1'), false, false},  // longer than Docker allows
  }));
  check_validity(docker(), tag, valid, stable);
}

TEST_CASE("docker: compare numbers numerically, variants do not order", "[docker]") {
  const auto [a, b, expected] = GENERATE(table<std::string, std::string, int>({
      {"1.10", "1.9", 1},
      {"2.4-alpine", "2.5-alpine", -1},
      {"v1.31.4", "1.31.4", 0},
      {"1.2.3", "1.2.3-alpine", 0},
      {"1.2.3-alpine", "1.2.3-debian", 0},
      {"1.2", "1.2.0", 0},
      {"7.0.0RC1", "7.0.0", -1},
      {"7.0.0RC2", "7.0.0RC10", -1},
      {"7.0.0beta3", "7.0.0RC1", -1},
      {"1.0.0-rc.1", "1.0.0-rc.2", -1},
      {"1.0.0-rc.1", "1.0.0-alpine", -1},
      {"8u292", "8u302", -1},
      {"8", "8u292", -1},
      {"1.27.3-alpine3.20", "1.27.10-alpine3.19", -1},
      {"2.541.1-lts-jdk21", "2.541.2-lts-jdk21", -1},
      {"20240115", "20231231", 1},
  }));
  check_order(docker(), a, b, expected);
}

TEST_CASE("docker: constraints", "[docker]") {
  const auto [c, v, expected] = GENERATE(table<std::string, std::string, bool>({
      {">= 2.4, < 3", "2.9-alpine", true},
      {">= 2.4, < 3", "3.0-alpine", false},
      {"~> 2.4", "2.9", true},
      {"~> 2.4", "3.0", false},
      {"~> 1.27.0", "1.27.9-alpine", true},
      {"~> 1.27.0", "1.28.0-alpine", false},
      {"= 2.4-alpine", "2.4-alpine", true},
      {"= 2.4-alpine", "2.4", false},  // a suffix in the condition must match
      {">= 1.0-alpine", "1.2-debian", false},
      {">= 1.0-alpine", "1.2-alpine", true},
      {"!= 1.2.3", "1.2.4", true},
      {"!= 1.2.3", "1.2.3", false},
      {"< 2 || >= 3", "2.5", false},
      {"< 2 || >= 3", "3.1", true},
      {">= 1.0", "1.1.0-rc.1", false},
      {">= 1.1.0-rc.0", "1.1.0-rc.1", true},
  }));
  check_satisfies(docker(), v, c, expected);
}

TEST_CASE("docker: invalid tags and constraints throw naming the value", "[docker]") {
  CHECK(usage_error_of([] { (void)docker().compare("latest", "1.0"); }) ==
        "invalid docker version 'latest'");
  CHECK(usage_error_of([] { (void)docker().bump("1.0", "sha256:abc"); }) ==
        "invalid docker version 'sha256:abc'");
  const auto c = GENERATE(as<std::string>{}, "", "= latest", ">= ", "1.0,,2.0", "~ 1.0", "^1");
  check_invalid_constraint(docker(), c);
}

TEST_CASE("docker: bump", "[docker]") {
  const auto [from, to, bump, breaking] = GENERATE(table<std::string, std::string, Bump, bool>({
      {"2.4-alpine", "2.5-alpine", Bump::minor, false},
      {"1.27.3-alpine3.20", "1.28.0-alpine3.20", Bump::minor, false},
      {"v1.31.4", "v1.32.0", Bump::minor, false},
      {"0.9", "0.10", Bump::minor, true},
      {"7.0.0RC1", "7.0.0", Bump::patch, false},
      {"1.2.3-alpine", "1.2.3-debian", Bump::none, false},
      {"2.541.1-lts-jdk21", "3.0.0-lts-jdk21", Bump::major, true},
      {"2.541.1-lts-jdk21", "2.541.2-lts-jdk21", Bump::patch, false},
      {"8u292-jre", "8u302-jre", Bump::patch, false},
  }));
  check_bump(docker(), from, to, bump, breaking);
}

TEST_CASE("docker: upgrade candidates keep suffix, segment count and prefix", "[docker]") {
  const auto [current, expected] = GENERATE(table<std::string, std::string>({
      {"2.4-alpine", "3.0-alpine"},
      {"2.541.1-lts-jdk21", "2.545.1-lts-jdk21"},
      {"v1.31.4", "v1.32.0"},
      {"1.27.3-alpine3.20", "1.28.0-alpine3.20"},
      {"1.31.4", "7.0.0"},  // any plain three-number tag of the repository
      {"8u292-jre", "8u302-jre"},
      {"7.0.0RC1", "7.0.0"},
      {"2.4", "2.5"},
  }));
  const std::vector<std::string> tags{
      "2.4-alpine",
      "2.5-alpine",
      "2.5",
      "2.5.1-alpine",
      "latest",
      "edge",
      "stable",
      "main",
      "sha256:d9243f1b7a4c0e6d2f3b5a7c9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f",
      "2.6-alpine3.20",
      "3.0-alpine",
      "3.1-alpine-rc1",
      "2.541.2-lts-jdk21",
      "2.542-jdk21",
      "2.541.3-lts-jdk17",
      "2.545.1-lts-jdk21",
      "lts-jdk21",
      "v1.31.5",
      "1.31.9",
      "v1.32.0",
      "v1.32.1-rc.1",
      "1.27.4-alpine3.20",
      "1.27.5-alpine3.21",
      "1.28.0-alpine3.20",
      "1.28.0",
      "8u302-jre",
      "11-jre",
      "7.0.0RC2",
      "7.0.0",
      "7.1.0RC1"};
  CAPTURE(current);
  CHECK(docker().latest(tags, Opt{}, Opt{current}) == expected);
}

TEST_CASE("docker: latest with a constraint, without a current tag, and errors", "[docker]") {
  const std::vector<std::string> tags{"2.4-alpine", "2.5-alpine",   "3.0-alpine", "1.2.3",
                                      "1.2.10",     "1.3.0-alpine", "latest",     "2.0.0-rc.1"};
  CHECK(docker().latest(tags, Opt{"< 3"}, Opt{"2.4-alpine"}) == "2.5-alpine");
  CHECK(docker().latest(tags, Opt{}, Opt{}) == "1.2.10");  // only plain tags without a current
  CHECK(docker().latest({"latest", "edge"}, Opt{}, Opt{}) == std::nullopt);
  CHECK(docker().latest(tags, Opt{}, Opt{"9.9-nosuch"}) == std::nullopt);
  CHECK(usage_error_of([&] { (void)docker().latest(tags, Opt{}, Opt{"latest"}); }) ==
        "invalid docker version 'latest'");
}

// Issue 11 item 7: a commit id used as a tag (1a2b3c4, a full 40-hex sha,
// sha-1a2b3c4) is not a version; we read 1a2b3c4 as version 1 with a tail.
// Renovate's rule: 7-40 lower-case hex digits, unless all decimal.
TEST_CASE("docker: commit-id tags are not versions", "[docker][item7]") {
  const auto [tag, valid, stable] = GENERATE(table<std::string, bool, bool>({
      {"1a2b3c4", false, false},
      {"0a1b2c3d", false, false},
      {"0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d", false, false},
      {"sha-1a2b3c4", false, false},
      {"sha-0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d", false, false},
      {"0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0", true, false},  // 41: tail "a1…" (alpha)
      {"0a1b2C3", true, false},                                    // upper case
      {"1234567", true, true},                                     // all decimal: a build number
      {"1a2b3c", true, false},                                     // six characters
  }));
  check_validity(docker(), tag, valid, stable);
}

TEST_CASE("docker: a commit-id pin is no version to upgrade from", "[docker][item7]") {
  const std::vector<std::string> tags{"3.1.0", "3.2.0", "9f8e7d6", "sha-9f8e7d6"};
  CHECK(docker().latest(tags, Opt{}, Opt{}) == "3.2.0");
  CHECK(usage_error_of([&] { (void)docker().latest(tags, Opt{}, Opt{"1a2b3c4"}); }) ==
        "invalid docker version '1a2b3c4'");
  CHECK(usage_error_of([] { (void)docker().bump("1a2b3c4", "2.0"); }) ==
        "invalid docker version '1a2b3c4'");
}

// Issue 11 item 1, scheme side (this already held; the OCI source flagged the
// tags as pre-releases): each pin keeps its variant and precision.
TEST_CASE("docker: the issue's variant-pinned images find their update", "[docker]") {
  const auto [current, expected] = GENERATE(table<std::string, std::string>({
      {"2.9.25-alpine", "2.10.24-alpine"},
      {"6.0.19-jammy", "8.0.4-jammy"},
      {"1.27.3-alpine3.21", "1.27.4-alpine3.21"},
      {"2.541.1-lts-jdk21", "2.555.1-lts-jdk21"},
  }));
  const std::vector<std::string> tags{
      "2.9.25-alpine",
      "2.10.24-alpine",
      "2.10.24",
      "2.10-alpine",
      "2.11.0-rc.1-alpine",
      "6.0.19-jammy",
      "8.0.4-jammy",
      "8.0.4-noble",
      "8.0-jammy",
      "8.0.4",
      "1.27.3-alpine3.21",
      "1.27.4-alpine3.21",
      "1.27.4-alpine",
      "1.28.0-alpine3.22",
      "1.27.4",
      "2.541.1-lts-jdk21",
      "2.555.1-lts-jdk21",
      "2.555.1-lts-jdk17",
      "2.560.0-jdk21",
      "2.560-jdk21",
  };
  CAPTURE(current);
  CHECK(docker().stable(current));
  CHECK(docker().latest(tags, Opt{}, Opt{current}) == expected);
}
