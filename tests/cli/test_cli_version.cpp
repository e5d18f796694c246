// `versiond version …`: output, exit codes and error messages of the real binary.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/process.hpp"

using versiond::test::run_versiond;

namespace {

using Args = std::vector<std::string>;

// Exactly one line of output.
bool one_line(const std::string& s) {
  return !s.empty() && s.back() == '\n' && s.find('\n') == s.size() - 1;
}

}  // namespace

TEST_CASE("cli version compare prints -1, 0 or 1", "[cli][version]") {
  const auto [scheme, a, b, out] =
      GENERATE(table<std::string, std::string, std::string, std::string>({
          {"semver", "1.0.0-rc.1", "1.0.0", "-1\n"},
          {"semver", "1.10.0", "1.9.0", "1\n"},
          {"semver", "v1.2.3", "1.2.3", "0\n"},
          {"semver", "1.2.3+build.7", "1.2.3", "0\n"},
          {"hashicorp", "4.79.0", "4.78", "1\n"},
          {"hashicorp", "1.0", "1.0.0", "0\n"},
          {"helm", "0.0.11", "0.0.9", "1\n"},
          {"docker", "2.4-alpine", "2.5-alpine", "-1\n"},
          {"docker", "1.27.10-alpine3.20", "1.27.9-alpine3.20", "1\n"},
          {"loose", "2024.01.15", "2024.1.15", "0\n"},
          {"loose", "r99", "r123", "-1\n"},
      }));
  CAPTURE(scheme, a, b);
  const auto r = run_versiond({"version", "compare", a, b, "--scheme", scheme});
  CHECK(r.exit_code == 0);
  CHECK(r.out == out);
  CHECK(r.err.empty());
}

TEST_CASE("cli version compare defaults to semver", "[cli][version]") {
  const auto r = run_versiond({"version", "compare", "1.0.0-alpha", "1.0.0-alpha.1"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "-1\n");
  const auto s = run_versiond({"version", "compare", "-s", "loose", "1.2", "1.2.0"});
  CHECK(s.exit_code == 0);
  CHECK(s.out == "0\n");
}

TEST_CASE("cli version satisfies prints true or false", "[cli][version]") {
  const auto [scheme, v, c, out] =
      GENERATE(table<std::string, std::string, std::string, std::string>({
          {"hashicorp", "4.79.0", "~>4.78.0", "false\n"},
          {"hashicorp", "4.78.3", "~> 4.78.0", "true\n"},
          {"hashicorp", "4.99.0", "~> 4.78", "true\n"},
          {"hashicorp", "1.1.0-beta", ">= 1.0.0", "false\n"},
          {"semver", "2.0.0", "^1.2.3", "false\n"},
          {"semver", "1.5.0", ">=1.0.0, <2.0.0", "true\n"},
          {"helm", "1.2.5", "1.2.x", "true\n"},
          {"helm", "1.4.6", "1.2 - 1.4.5", "false\n"},
          {"helm", "0.2.9", "^0.2.3", "true\n"},
          {"docker", "2.5-alpine", ">= 2.4, < 3", "true\n"},
          {"loose", "2.541.2", "~> 2.541.0", "true\n"},
      }));
  CAPTURE(scheme, v, c);
  const auto r = run_versiond({"version", "satisfies", v, c, "--scheme", scheme});
  CHECK(r.exit_code == 0);
  CHECK(r.out == out);
  CHECK(r.err.empty());
}

TEST_CASE("cli version bump prints the type, --json adds breaking", "[cli][version]") {
  const auto [from, to, text, json] =
      GENERATE(table<std::string, std::string, std::string, std::string>({
          {"1.2.3", "2.0.0", "major\n", "{\"bump\":\"major\",\"breaking\":true}\n"},
          {"0.1.0", "0.2.0", "minor\n", "{\"bump\":\"minor\",\"breaking\":true}\n"},
          {"1.2.0", "1.3.0", "minor\n", "{\"bump\":\"minor\",\"breaking\":false}\n"},
          {"1.2.3-rc.1", "1.2.3", "patch\n", "{\"bump\":\"patch\",\"breaking\":false}\n"},
          {"1.2.3", "1.2.3", "none\n", "{\"bump\":\"none\",\"breaking\":false}\n"},
      }));
  CAPTURE(from, to);
  const auto r = run_versiond({"version", "bump", from, to});
  CHECK(r.exit_code == 0);
  CHECK(r.out == text);
  const auto j = run_versiond({"version", "bump", from, to, "--json"});
  CHECK(j.exit_code == 0);
  CHECK(j.out == json);
}

TEST_CASE("cli version bump with other schemes", "[cli][version]") {
  const auto r = run_versiond({"version", "bump", "--scheme", "docker", "2.541.1-lts-jdk21",
                               "2.545.1-lts-jdk21", "--json"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "{\"bump\":\"minor\",\"breaking\":false}\n");
  const auto h = run_versiond({"version", "bump", "-s", "hashicorp", "0.12.31", "0.13.0"});
  CHECK(h.out == "minor\n");
}

TEST_CASE("cli version latest prints the best candidate or none", "[cli][version]") {
  SECTION("semver skips pre-releases and garbage") {
    const auto r = run_versiond({"version", "latest", "1.9.0", "1.10.0", "2.0.0-rc.1", "junk"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "1.10.0\n");
  }
  SECTION("a constraint narrows the choice") {
    const auto r = run_versiond({"version", "latest", "--scheme", "hashicorp", "--constraint",
                                 "~> 4.78.0", "4.78.0", "4.78.5", "4.79.0", "5.0.0"});
    CHECK(r.out == "4.78.5\n");
  }
  SECTION("docker keeps the current tag's suffix; latest and digests never win") {
    const auto r = run_versiond({"version", "latest", "--scheme", "docker", "--current",
                                 "2.4-alpine", "latest", "2.5", "2.5-alpine", "edge",
                                 "sha256:d9243f1b7a4c", "2.6-alpine3.20"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "2.5-alpine\n");
  }
  SECTION("nothing eligible prints none") {
    CHECK(run_versiond({"version", "latest", "2.0.0-rc.1"}).out == "none\n");
    CHECK(run_versiond({"version", "latest"}).out == "none\n");
    const auto r = run_versiond({"version", "latest", "-c", ">=3", "1.0.0", "2.0.0"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "none\n");
  }
  SECTION("a pre-release current may move to a newer pre-release of its core") {
    const auto r = run_versiond(
        {"version", "latest", "--current", "2.0.0-rc.1", "1.9.0", "2.0.0-rc.2", "2.1.0-beta.1"});
    CHECK(r.out == "2.0.0-rc.2\n");
  }
}

TEST_CASE("cli version: bad input is one stderr line naming the value, exit 2", "[cli][version]") {
  const std::string huge(20000, '1');
  const auto [args, needle] = GENERATE_COPY(table<Args, std::string>({
      {Args{"version", "compare", "~>4.78.0", "4.79.0"},
       "invalid semver version '~>4.78.0' (that is a constraint, not a version)"},
      {Args{"version", "compare", "", "1.0.0"}, "invalid semver version ''"},
      {Args{"version", "compare", "1.0", "1.0.0"}, "invalid semver version '1.0'"},
      {Args{"version", "compare", "\xef\xbc\x91.2.3", "1.0.0"}, "'\xef\xbc\x91.2.3'"},
      {Args{"version", "compare", "1.2\n3", "1.0.0"}, "invalid semver version '1.2\\x0a3'"},
      {Args{"version", "compare", huge, "1.0.0"},
       "invalid semver version '" + std::string(80, '1') + "...'"},
      {Args{"version", "compare", "--scheme", "docker", "latest", "1.0"},
       "invalid docker version 'latest'"},
      {Args{"version", "compare", "--scheme", "npm", "1.0.0", "1.0.0"},
       "unknown version scheme 'npm'"},
      {Args{"version", "satisfies", "1.0.0", ">= 1.0 <"}, "invalid semver constraint '>= 1.0 <'"},
      {Args{"version", "satisfies", "-s", "hashicorp", "1.0.0", "^1.0"},
       "invalid hashicorp constraint '^1.0'"},
      {Args{"version", "satisfies", "1.0.0", ""}, "invalid semver constraint ''"},
      {Args{"version", "bump", "1.0.0", "latest"}, "invalid semver version 'latest'"},
      {Args{"version", "latest", "--current", "1.2", "1.3.0"}, "invalid semver version '1.2'"},
      {Args{"version", "latest", "-s", "helm", "-c", "~>", "1.3.0"},
       "invalid helm constraint '~>'"},
      {Args{"version", "latest", "-s", "docker", "--current", "latest", "1.0"},
       "invalid docker version 'latest'"},
  }));
  CAPTURE(args);
  const auto r = run_versiond(args);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(one_line(r.err));
  CHECK(r.err.find(needle) != std::string::npos);
}

TEST_CASE("cli version: usage errors exit 2 without a crash", "[cli][version]") {
  const auto args = GENERATE(Args{"version"}, Args{"version", "compare", "1.0.0"},
                             Args{"version", "satisfies"}, Args{"version", "bump", "1.0.0"},
                             Args{"version", "nosuch"}, Args{"version", "compare", "1", "2", "3"},
                             Args{"version", "compare", "1.0.0", "1.0.0", "--scheme"},
                             Args{"version", "bump", "1.0.0", "2.0.0", "--json=maybe"});
  CAPTURE(args);
  const auto r = run_versiond(args);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(one_line(r.err));
}

TEST_CASE("cli version: --help everywhere", "[cli][version]") {
  const auto sub = GENERATE(as<std::string>{}, "compare", "satisfies", "bump", "latest");
  const auto r = run_versiond({"version", sub, "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Usage:") != std::string::npos);
  CHECK(r.out.find("--scheme") != std::string::npos);
  CHECK(r.out.find("semver, hashicorp, helm, docker, loose") != std::string::npos);
  const auto top = run_versiond({"version", "--help"});
  CHECK(top.exit_code == 0);
  CHECK(top.out.find(sub) != std::string::npos);
}
