#include <catch2/catch.hpp>

#include "versiond/core/error.hpp"
#include "versiond/policy/decide.hpp"

using namespace versiond;

namespace {

Component pin(const std::string& current, const std::string& scheme,
              const std::string& constraint = {}) {
  Component c;
  c.name = "x";
  c.current = current;
  c.scheme = *versioning::parse_scheme_id(scheme);
  c.constraint = constraint;
  return c;
}

std::vector<sources::Release> releases(std::initializer_list<const char*> versions) {
  std::vector<sources::Release> out;
  for (const char* v : versions) {
    sources::Release r;
    r.version = v;
    r.prerelease = std::string(v).find('-') != std::string::npos;
    r.published = "2026-10-01T00:00:00Z";
    r.notes_url = std::string("https://example.com/releases/") + v;
    out.push_back(r);
  }
  return out;
}

}  // namespace

TEST_CASE("decide: a pessimistic constraint gets the best in range and the newest overall",
          "[policy][decide]") {
  const auto d =
      policy::decide(pin("~> 4.78.0", "hashicorp"),
                     releases({"5.3.0-beta1", "5.2.0", "5.0.0", "4.79.0", "4.78.4", "4.78.3"}));
  CHECK(d.latest_in_range == "4.78.4");
  CHECK(d.latest_overall == "5.2.0");
  CHECK(d.base_version == "4.78.4");
  CHECK(d.bump.type == versioning::Bump::major);
  CHECK(d.bump.breaking);
  CHECK(d.notes_url == "https://example.com/releases/5.2.0");
  CHECK(d.newest_published == "2026-10-01T00:00:00Z");
}

TEST_CASE("decide: an exact pin takes the newest non-breaking version as in range",
          "[policy][decide]") {
  const auto d =
      policy::decide(pin("v3.8.1", "semver"), releases({"v4.0.0", "v3.9.0", "v3.8.2", "v3.8.1"}));
  CHECK(d.latest_in_range == "v3.9.0");
  CHECK(d.latest_overall == "v4.0.0");
  CHECK(d.bump.type == versioning::Bump::major);
}

TEST_CASE("decide: an up-to-date pin has no bump", "[policy][decide]") {
  const auto d = policy::decide(pin("2.10.22", "semver"), releases({"2.10.22", "2.10.21"}));
  CHECK(d.latest_overall == "2.10.22");
  CHECK(d.bump.type == versioning::Bump::none);
  CHECK(d.note.empty());
}

TEST_CASE("decide: a lock file resolves within its recorded constraint", "[policy][decide]") {
  const auto d = policy::decide(pin("4.78.3", "hashicorp", "~> 4.78.0"),
                                releases({"5.2.0", "4.78.4", "4.78.3"}));
  CHECK(d.latest_in_range == "4.78.4");
  CHECK(d.latest_overall == "5.2.0");
  CHECK(d.bump.type == versioning::Bump::major);
}

TEST_CASE("decide: no stable upstream version is a note, not an error", "[policy][decide]") {
  const auto d = policy::decide(pin("1.0.0", "semver"), releases({"2.0.0-rc.1"}));
  CHECK(d.latest_overall.empty());
  CHECK(d.note == "upstream lists no stable version");
}

TEST_CASE("decide: an unreadable constraint throws naming it", "[policy][decide]") {
  CHECK_THROWS_AS(policy::decide(pin("~> banana", "hashicorp"), releases({"1.0.0"})),
                  versiond::Error);
}

TEST_CASE("decide: an endoflife pin that names a cycle compares with cycle names",
          "[policy][decide]") {
  auto cycles = releases({"1.32", "1.31", "1.30"});
  cycles[0].latest = "1.32.4";
  cycles[1].latest = "1.31.8";
  cycles[2].latest = "1.30.12";
  auto aks = pin("1.31", "loose");
  aks.datasource = Datasource::endoflife;
  const auto d = policy::decide(aks, cycles);
  CHECK(d.latest_overall == "1.32");  // the cycle, in the pin's terms, not its patch 1.32.4
  CHECK(d.base_version == "1.31");
  CHECK(d.bump.type == versioning::Bump::minor);
  CHECK(d.notes_url == "https://example.com/releases/1.32");
  // A patch pin still compares with the newest patches.
  auto patch = pin("1.31.2", "loose");
  patch.datasource = Datasource::endoflife;
  CHECK(policy::decide(patch, cycles).latest_overall == "1.32.4");
}
