// Helpers shared by the policy tests: policies from YAML text, subjects and releases.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "versiond/policy/engine.hpp"
#include "versiond/policy/load.hpp"
#include "versiond/store/dates.hpp"

namespace policy_test {

using namespace versiond;
using namespace versiond::policy;

inline Policy policy_of(const std::string& yaml) {
  const Loaded loaded = parse_policy(yaml, "test.yaml");
  for (const auto& e : loaded.errors) {
    UNSCOPED_INFO(e.to_string());
  }
  REQUIRE(loaded.ok());
  return loaded.policy;
}

inline std::chrono::system_clock::time_point at(const char* iso) {
  return *store::parse_instant(iso);
}

inline sources::Release release(const std::string& version,
                                const std::string& published = "2026-01-01",
                                bool prerelease = false) {
  sources::Release r;
  r.version = version;
  r.published = published;
  r.prerelease = prerelease;
  return r;
}

struct Fixture {
  std::vector<sources::Release> releases;
  Subject subject;

  Fixture(std::string current, std::vector<sources::Release> rels,
          std::string_view scheme = "semver")
      : releases(std::move(rels)) {
    subject.name = "Widget";
    subject.package = "acme/widget";
    subject.datasource = Datasource::github_releases;
    subject.file = "deploy/widget.yaml";
    subject.scheme = *versioning::parse_scheme_id(scheme);
    subject.current = std::move(current);
    subject.releases = &releases;
  }

  Outcome decide(const Policy& p, const Estate& estate = {},
                 const char* now = "2026-12-01T00:00:00Z", bool explain = false) {
    subject.releases = &releases;
    return decide_updates(p, subject, estate, at(now), DecideOptions{explain});
  }
};

}  // namespace policy_test
