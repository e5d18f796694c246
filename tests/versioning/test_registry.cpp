// scheme_for(), scheme_names(), to_string(Bump) and the shape of error messages.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "versioning/helpers.hpp"

using namespace versiond::test;
using versiond::versioning::Bump;
using versiond::versioning::scheme_for;
using versiond::versioning::scheme_names;

TEST_CASE("registry: every scheme is registered under its name", "[registry]") {
  const std::vector<std::string> expected{"semver", "hashicorp", "helm", "docker", "loose"};
  CHECK(scheme_names() == expected);
  for (const auto& name : expected) {
    CHECK(scheme_for(name).name() == name);
    CHECK(&scheme_for(name) == &scheme_for(name));
  }
}

TEST_CASE("registry: SchemeId names each scheme, to_string and parse are inverse", "[registry]") {
  using versiond::versioning::all_scheme_ids;
  using versiond::versioning::parse_scheme_id;
  using versiond::versioning::SchemeId;
  const auto [id, name] = GENERATE(table<SchemeId, std::string>({
      {SchemeId::semver, "semver"},
      {SchemeId::hashicorp, "hashicorp"},
      {SchemeId::helm, "helm"},
      {SchemeId::docker, "docker"},
      {SchemeId::loose, "loose"},
  }));
  CAPTURE(name);
  CHECK(to_string(id) == name);
  CHECK(parse_scheme_id(name) == id);
  CHECK(scheme_for(id).name() == name);
  CHECK(&scheme_for(id) == &scheme_for(name));
  CHECK(std::find(all_scheme_ids.begin(), all_scheme_ids.end(), id) != all_scheme_ids.end());
  CHECK(all_scheme_ids.size() == scheme_names().size());
}

TEST_CASE("registry: parse_scheme_id rejects anything but an exact name", "[registry]") {
  using versiond::versioning::parse_scheme_id;
  const auto text =
      GENERATE(as<std::string>{}, "", "SemVer", "npm", "semver ", " helm", "docker\n");
  CAPTURE(text);
  CHECK_FALSE(parse_scheme_id(text).has_value());
}

TEST_CASE("registry: an unknown scheme is a usage error naming it", "[registry]") {
  const auto name = GENERATE(as<std::string>{}, "", "SemVer", "npm", "semver ", "docker\n");
  CAPTURE(name);
  const auto msg = usage_error_of([&] { (void)scheme_for(name); });
  CHECK(msg.rfind("unknown version scheme '", 0) == 0);
  CHECK(msg.find("(known: semver, hashicorp, helm, docker, loose)") != std::string::npos);
  CHECK(msg.find('\n') == std::string::npos);
}

TEST_CASE("registry: valid_constraint never throws", "[registry]") {
  const auto [scheme, c, valid] = GENERATE(table<std::string, std::string, bool>({
      {"semver", "^1.2.3 || ~> 4.78", true},
      {"semver", "latest", false},
      {"semver", "", false},
      {"hashicorp", "~> 4.78.0", true},
      {"hashicorp", ">= 1.0, < 2.0", true},
      {"hashicorp", "^1.0", false},
      {"hashicorp", "See ArgoCD App", false},
      {"helm", "1.2 - 1.4.5 || >= 3", true},
      {"helm", ">=1.2<2", false},
      {"docker", ">= 2.4-alpine", true},
      {"docker", "= latest", false},
      {"loose", "~> 2.541.0", true},
      {"loose", ">= ", false},
  }));
  CAPTURE(scheme, c);
  CHECK(scheme_for(scheme).valid_constraint(c) == valid);
}

TEST_CASE("registry: bump names", "[registry]") {
  CHECK(to_string(Bump::none) == "none");
  CHECK(to_string(Bump::patch) == "patch");
  CHECK(to_string(Bump::minor) == "minor");
  CHECK(to_string(Bump::major) == "major");
}

TEST_CASE("errors: values are shown on one line and shortened", "[registry]") {
  const auto& semver = scheme_for("semver");
  SECTION("control characters are escaped") {
    CHECK(usage_error_of([&] { (void)semver.compare("1.2\n3", "1.0.0"); }) ==
          "invalid semver version '1.2\\x0a3'");
  }
  SECTION("a very long value is cut after 80 bytes") {
    const std::string huge(100000, '9');
    const auto msg = usage_error_of([&] { (void)semver.compare(huge, "1.0.0"); });
    CHECK(msg == "invalid semver version '" + std::string(80, '9') + "...'");
  }
  SECTION("a multi-byte character is never cut in half") {
    std::string value(79, '1');
    value += "\xc3\xa9\xc3\xa9";  // U+00E9 twice: bytes 80-83
    const auto msg = usage_error_of([&] { (void)semver.compare(value, "1.0.0"); });
    CHECK(msg == "invalid semver version '" + std::string(79, '1') + "...'");
  }
  SECTION("unicode is kept") {
    CHECK(usage_error_of([&] { (void)semver.compare("\xef\xbc\x91.2.3", "1.0.0"); }) ==
          "invalid semver version '\xef\xbc\x91.2.3'");
  }
}
