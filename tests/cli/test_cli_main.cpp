// The CLI boundary: usage errors are one line, exit 2, and never echo secrets.
#include <catch2/catch.hpp>
#include <string>

#include "support/process.hpp"

using versiond::test::run_versiond;

namespace {

int count_lines(const std::string& text) {
  int lines = 0;
  for (const char c : text) {
    lines += c == '\n' ? 1 : 0;
  }
  return lines;
}

}  // namespace

TEST_CASE("an unknown subcommand or option is a one-line usage error") {
  const auto r = run_versiond({"scan", "--no-such-option"});
  CHECK(r.exit_code == 2);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.find("--no-such-option") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("a token given on the command line is never echoed") {
  const std::string token = "ghp_0123456789abcdefABCDEF0123456789abcd";
  SECTION("as a stray argument") {
    const auto r = run_versiond({"scan", token});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(token) == std::string::npos);
    CHECK(r.err.find("***") != std::string::npos);
  }
  SECTION("as the value of an option versiond does not have") {
    const auto r = run_versiond({"scan", "--token", "s3cr3t-value-1234"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("s3cr3t-value-1234") == std::string::npos);
  }
  SECTION("as --token=VALUE") {
    const auto r = run_versiond({"inventory", "--github-token=plain-secret-5678"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("plain-secret-5678") == std::string::npos);
  }
}

TEST_CASE("the version and help flags succeed") {
  const auto v = run_versiond({"--version"});
  CHECK(v.exit_code == 0);
  CHECK(v.out.find('.') != std::string::npos);
  const auto h = run_versiond({"--help"});
  CHECK(h.exit_code == 0);
  for (const char* cmd : {"version", "inventory", "check", "scan", "history"}) {
    CHECK(h.out.find(cmd) != std::string::npos);
  }
}
