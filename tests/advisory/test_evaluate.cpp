// OSV evaluation against the real records of tests/fixtures/advisories/
// (GitHub Advisory Database and Go Vulnerability Database, CC-BY 4.0; OSV
// schema examples, Apache-2.0: see SOURCES.md there). Each record is checked
// at its boundaries: just below `introduced`, at it, just below `fixed`, at
// `fixed`, on each release line.
#include <nlohmann/json.hpp>

#include "advisory/advisory_test_support.hpp"

using namespace versiond;
using namespace versiond::advisory;
using versiond::test::advisory_record;
using versiond::test::advisory_text;

namespace {

bool affected(const Record& r, const PackageKey& key, std::string_view v) {
  const Check c = check(r, key, v);
  INFO(r.id << " " << key.name << " " << v);
  CHECK_FALSE(c.incomplete);
  return c.affected;
}

Assessment assess_one(const std::vector<Record>& records, const PackageKey& key,
                      std::string_view current, const std::vector<std::string>& candidates,
                      LineBy line = LineBy::major) {
  std::vector<Candidate> cs;
  for (const auto& c : candidates) cs.push_back({c, c, {}});
  return assess(records, key, current, cs, line);
}

Record from_json(const nlohmann::json& j, std::vector<Diagnostic>& diagnostics) {
  auto r = parse_osv(j.dump(), diagnostics, "inline");
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("ingress-nginx GHSA-mgvx-rpfc-9mpv: two release lines, pre-release introduced") {
  const Record r = advisory_record("GHSA-mgvx-rpfc-9mpv.json");
  const PackageKey key{"Go", "k8s.io/ingress-nginx"};
  CHECK(affected(r, key, "0.1.0"));
  CHECK(affected(r, key, "1.11.4"));        // just below fixed
  CHECK_FALSE(affected(r, key, "1.11.5"));  // at fixed
  CHECK_FALSE(affected(r, key, "1.11.6"));
  CHECK_FALSE(affected(r, key, "1.12.0-alpha.1"));  // just below introduced
  CHECK(affected(r, key, "1.12.0-beta.0"));         // at introduced
  CHECK(affected(r, key, "1.12.0"));                // just below fixed
  CHECK_FALSE(affected(r, key, "1.12.1"));          // at fixed
  CHECK(affected(r, key, "v1.12.0"));               // tags keep a v; OSV does not
  CHECK(r.severity == Severity::critical);
  CHECK(r.severity_source == "database_specific");
  CHECK_FALSE(affected(r, PackageKey{"Go", "k8s.io/kubernetes"}, "1.11.4"));
}

TEST_CASE("ingress-nginx: the Go record (every version) and GHSA merge, the fixed ranges win") {
  const Record go = advisory_record("GO-2025-3567.json");
  const Record ghsa = advisory_record("GHSA-mgvx-rpfc-9mpv.json");
  const PackageKey key{"Go", "k8s.io/ingress-nginx"};
  CHECK(affected(go, key, "1.12.1"));  // alone it marks every version
  const auto merged = merge_aliases({go, ghsa}, key);
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].id == "GHSA-mgvx-rpfc-9mpv");
  CHECK(merged[0].aliases == std::vector<std::string>{"CVE-2025-1974", "GO-2025-3567"});
  CHECK(merged[0].severity == Severity::critical);
  REQUIRE(merged[0].records.size() == 1);
  CHECK(merged[0].records[0].id == "GHSA-mgvx-rpfc-9mpv");

  const auto a = assess_one({go, ghsa}, key, "1.11.3", {"1.11.4", "1.11.5", "1.12.0", "1.12.1"});
  CHECK(a.status == Status::affected);
  REQUIRE(a.findings.size() == 1);
  CHECK(a.findings[0].fixed == std::vector<std::string>{"1.11.5", "1.12.1"});
  CHECK(a.findings[0].affected == ">= 0, < 1.11.5; >= 1.12.0-beta.0, < 1.12.1");
  REQUIRE(a.safe_target);
  CHECK(*a.safe_target == "1.11.5");
  CHECK(assess_one({go, ghsa}, key, "1.12.0", {"1.12.1", "1.13.0"}).safe_target == "1.12.1");
  CHECK(assess_one({go, ghsa}, key, "1.12.1", {"1.13.0"}).status == Status::not_affected);
}

TEST_CASE("Argo CD GHSA-786q-9hcg-v9ff: one module per major, four fixed lines") {
  const Record r = advisory_record("GHSA-786q-9hcg-v9ff.json");
  const PackageKey v2{"Go", "github.com/argoproj/argo-cd/v2"};
  const PackageKey v3{"Go", "github.com/argoproj/argo-cd/v3"};
  CHECK_FALSE(affected(r, v2, "2.12.9"));  // just below introduced
  CHECK(affected(r, v2, "2.13.0"));        // at introduced
  CHECK(affected(r, v2, "2.13.8"));        // just below fixed
  CHECK_FALSE(affected(r, v2, "2.13.9"));  // at fixed
  CHECK(affected(r, v2, "2.14.0"));
  CHECK(affected(r, v2, "2.14.15"));
  CHECK_FALSE(affected(r, v2, "2.14.16"));
  CHECK(affected(r, v3, "3.0.0"));
  CHECK(affected(r, v3, "3.0.13"));
  CHECK_FALSE(affected(r, v3, "3.0.14"));
  CHECK_FALSE(affected(r, v3, "3.1.0-rc0"));
  CHECK(affected(r, v3, "3.1.0-rc1"));
  CHECK(affected(r, v3, "3.1.1"));
  CHECK_FALSE(affected(r, v3, "3.1.2"));
  CHECK(r.severity == Severity::critical);
  // Safe target: on the current line first (2.13.x), never a pre-release.
  const std::vector<std::string> tags{"2.13.8", "2.13.9", "2.14.0", "2.14.16", "3.1.0-rc1"};
  CHECK(assess_one({r}, v2, "2.13.3", tags).safe_target == "2.13.9");
  CHECK(assess_one({r}, v3, "3.0.2", {"3.0.13", "3.0.14", "3.1.0-rc1", "3.1.2"}).safe_target ==
        "3.0.14");
  // A pre-release current may move to a pre-release.
  CHECK(assess_one({r}, v3, "3.1.0-rc1", {"3.1.0-rc2", "3.1.0-rc3", "3.1.2"}).safe_target ==
        "3.1.2");
}

TEST_CASE("External Secrets GHSA-fcxq-v2r3-cc8h: older versions are not affected") {
  const Record r = advisory_record("GHSA-fcxq-v2r3-cc8h.json");
  const PackageKey key{"Go", "github.com/external-secrets/external-secrets"};
  CHECK_FALSE(affected(r, key, "0.14.9"));
  CHECK(affected(r, key, "0.15.0"));
  CHECK(affected(r, key, "0.19.1"));
  CHECK_FALSE(affected(r, key, "0.19.2"));
  CHECK(r.severity == Severity::high);  // database_specific; the record has only CVSS v4
  CHECK(assess_one({r}, key, "0.18.0", {"0.18.1", "0.19.1", "0.19.2", "0.20.0"}).safe_target ==
        "0.19.2");
}

TEST_CASE("cert-manager GO-2024-3282: three pairs in one SEMVER events array") {
  const Record r = advisory_record("GO-2024-3282.json");
  const PackageKey key{"Go", "github.com/cert-manager/cert-manager"};
  CHECK(affected(r, key, "1.12.13"));
  CHECK_FALSE(affected(r, key, "1.12.14"));
  CHECK_FALSE(affected(r, key, "1.12.15"));  // just below the second introduced
  CHECK(affected(r, key, "1.13.0-alpha.0"));
  CHECK(affected(r, key, "1.15.3"));
  CHECK_FALSE(affected(r, key, "1.15.4"));
  CHECK(affected(r, key, "1.16.0-alpha.0"));
  CHECK(affected(r, key, "1.16.1"));
  CHECK_FALSE(affected(r, key, "1.16.2"));
  CHECK(r.severity == Severity::unknown);  // vulndb rates nothing
  const std::vector<std::string> tags{"1.14.5", "1.15.3", "1.15.4", "1.16.1", "1.16.2"};
  CHECK(assess_one({r}, key, "1.15.1", tags).safe_target == "1.15.4");
  CHECK(assess_one({r}, key, "1.16.0", tags).safe_target == "1.16.2");
}

TEST_CASE("Jenkins GHSA-h76p-mc68-jv3p: LTS and weekly lines in Maven order") {
  const Record r = advisory_record("GHSA-h76p-mc68-jv3p.json");
  const PackageKey key{"Maven", "org.jenkins-ci.main:jenkins-core"};
  CHECK(affected(r, key, "2.375.3"));
  CHECK_FALSE(affected(r, key, "2.375.4"));
  CHECK_FALSE(affected(r, key, "2.375.5"));  // just below 2.376
  CHECK(affected(r, key, "2.376"));
  CHECK(affected(r, key, "2.387.0"));
  CHECK_FALSE(affected(r, key, "2.387.1"));
  CHECK_FALSE(affected(r, key, "2.387.3"));
  CHECK(affected(r, key, "2.388"));
  CHECK(affected(r, key, "2.393"));
  CHECK_FALSE(affected(r, key, "2.394"));
  const std::vector<std::string> releases{"2.375.4", "2.387.1", "2.388", "2.393", "2.394"};
  // LTS: the fix on the same major.minor line, not the newer LTS line.
  CHECK(assess_one({r}, key, "2.375.3", releases, LineBy::minor).safe_target == "2.375.4");
  CHECK(assess_one({r}, key, "2.387.0", releases, LineBy::minor).safe_target == "2.387.1");
  // Weekly: no fix on its own line, the next one.
  CHECK(assess_one({r}, key, "2.390", releases, LineBy::minor).safe_target == "2.394");
}

TEST_CASE("Traefik GHSA-62c8-mh53-4cqv: three module keys") {
  const Record r = advisory_record("GHSA-62c8-mh53-4cqv.json");
  const PackageKey v3{"Go", "github.com/traefik/traefik/v3"};
  const PackageKey v2{"Go", "github.com/traefik/traefik/v2"};
  const PackageKey bare{"Go", "github.com/traefik/traefik"};
  CHECK_FALSE(affected(r, v3, "3.0.0-beta2"));
  CHECK(affected(r, v3, "3.0.0-beta3"));
  CHECK(affected(r, v3, "3.1.2"));
  CHECK_FALSE(affected(r, v3, "3.1.3"));
  CHECK(affected(r, v2, "2.11.8"));
  CHECK_FALSE(affected(r, v2, "2.11.9"));
  CHECK(affected(r, bare, "1.7.34"));
  CHECK_FALSE(affected(r, bare, "2.11.9"));
  CHECK(r.severity == Severity::critical);
}

TEST_CASE("Kubernetes GHSA-hq6q-c2x6-hmch and GO-2023-2341: four lines, one vulnerability") {
  const Record ghsa = advisory_record("GHSA-hq6q-c2x6-hmch.json");
  const Record go = advisory_record("GO-2023-2341.json");
  const PackageKey key{"Go", "k8s.io/kubernetes"};
  for (const Record* r : {&ghsa, &go}) {
    CHECK(affected(*r, key, "1.25.15"));
    CHECK_FALSE(affected(*r, key, "1.25.16"));
    CHECK_FALSE(affected(*r, key, "1.25.17"));
    CHECK(affected(*r, key, "1.26.0"));
    CHECK(affected(*r, key, "1.26.10"));
    CHECK_FALSE(affected(*r, key, "1.26.11"));
    CHECK(affected(*r, key, "1.27.7"));
    CHECK_FALSE(affected(*r, key, "1.27.8"));
    CHECK(affected(*r, key, "1.28.3"));
    CHECK_FALSE(affected(*r, key, "1.28.4"));
    CHECK_FALSE(affected(*r, key, "1.29.0"));
  }
  const auto merged = merge_aliases({go, ghsa}, key);
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].id == "GHSA-hq6q-c2x6-hmch");
  CHECK(merged[0].records.size() == 2);  // both have fixed events: both count
  CHECK(merged[0].severity == Severity::high);
  // The Go record alone has no rating; merged, it takes its alias's.
  const auto only_go = merge_aliases({go}, key);
  CHECK(only_go[0].severity == Severity::unknown);
  const std::vector<std::string> releases{"1.27.7", "1.27.8", "1.28.3", "1.28.4", "1.29.0"};
  CHECK(assess_one({go, ghsa}, key, "1.27.3", releases, LineBy::minor).safe_target == "1.27.8");
}

TEST_CASE("tj-actions/changed-files GHSA-mrrh-fwg8-r2c3: the GitHub Actions ecosystem") {
  const Record r = advisory_record("GHSA-mrrh-fwg8-r2c3.json");
  const PackageKey key{"GitHub Actions", "tj-actions/changed-files"};
  CHECK(affected(r, key, "45.0.7"));
  CHECK(affected(r, key, "46.0.0"));
  CHECK_FALSE(affected(r, key, "46.0.1"));
  CHECK(affected(r, key, "v45"));
  CHECK(assess_one({r}, key, "45.0.7", {"45.0.8", "46.0.0", "46.0.1", "46.0.5"}).safe_target ==
        "46.0.1");
}

TEST_CASE("OSV schema example 4: GIT range skipped with a reason, ECOSYSTEM and versions used") {
  const Record r = advisory_record("osv-schema-example-4.json");
  const PackageKey key{"PyPI", "pikepdf"};
  const Check c = check(r, key, "2.9.0");
  CHECK(c.affected);
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].find("GIT range skipped") != std::string::npos);
  CHECK_FALSE(affected(r, key, "2.7.9"));
  CHECK(affected(r, key, "2.8.0"));
  CHECK(affected(r, key, "2.8.0.post1"));  // from the versions list
  CHECK(affected(r, key, "2.9.2"));
  CHECK_FALSE(affected(r, key, "2.10.0"));
}

TEST_CASE("OSV schema example 2: a record with GIT ranges only cannot say not affected") {
  const Record r = advisory_record("osv-schema-example-2.json");
  const PackageKey key{"OSS-Fuzz", "icu"};
  const auto a = assess_one({r}, key, "69.1", {});
  CHECK(a.status == Status::incomplete);
  REQUIRE_FALSE(a.diagnostics.empty());
  CHECK(a.diagnostics[0].record_id == "OSV-2020-584");
  CHECK(a.diagnostics[0].field == "affected[0].ranges");
}

TEST_CASE("OSV schema examples 6, 7, 8, 9: ECOSYSTEM ranges with versions lists") {
  const Record bundler = advisory_record("osv-schema-example-6.json");
  const PackageKey b{"RubyGems", "bundler"};
  CHECK_FALSE(affected(bundler, b, "1.13.7"));
  CHECK(affected(bundler, b, "1.14.0"));
  CHECK(affected(bundler, b, "2.0.2"));
  CHECK_FALSE(affected(bundler, b, "2.1.0"));
  const Record hackage = advisory_record("osv-schema-example-7.json");
  CHECK(affected(hackage, {"Hackage", "x509-validation"}, "1.4.7"));
  CHECK_FALSE(affected(hackage, {"Hackage", "x509-validation"}, "1.4.8"));
  const Record ghc = advisory_record("osv-schema-example-8.json");
  CHECK_FALSE(affected(ghc, {"GHC", "RTS"}, "9.2.1"));
  CHECK(affected(ghc, {"GHC", "RTS"}, "9.2.2"));
  CHECK_FALSE(affected(ghc, {"GHC", "RTS"}, "9.2.3"));
  const Record cran = advisory_record("osv-schema-example-9.json");
  CHECK(affected(cran, {"CRAN", "readxl"}, "1.4.1"));
  CHECK_FALSE(affected(cran, {"CRAN", "readxl"}, "1.4.2"));
}

TEST_CASE("last_affected includes its version and limit bounds the range (OSV spec semantics)") {
  std::vector<Diagnostic> d;
  nlohmann::json j = nlohmann::json::parse(advisory_text("GHSA-fcxq-v2r3-cc8h.json"));
  j["affected"][0]["ranges"][0]["events"] =
      nlohmann::json::parse(R"([{"introduced":"0.15.0"},{"last_affected":"0.19.1"}])");
  const Record last = from_json(j, d);
  const PackageKey key{"Go", "github.com/external-secrets/external-secrets"};
  CHECK(affected(last, key, "0.19.1"));
  CHECK_FALSE(affected(last, key, "0.19.2"));
  CHECK_FALSE(affected(last, key, "0.14.0"));
  j["affected"][0]["ranges"][0]["events"] =
      nlohmann::json::parse(R"([{"introduced":"0"},{"limit":"0.16.0"}])");
  const Record limited = from_json(j, d);
  CHECK(affected(limited, key, "0.15.9"));
  CHECK_FALSE(affected(limited, key, "0.16.0"));
  j["affected"][0]["ranges"][0]["events"] =
      nlohmann::json::parse(R"([{"introduced":"0"},{"limit":"*"}])");
  CHECK(affected(from_json(j, d), key, "9.9.9"));
  // Events out of order are sorted before the walk.
  j["affected"][0]["ranges"][0]["events"] =
      nlohmann::json::parse(R"([{"fixed":"0.19.2"},{"introduced":"0.15.0"}])");
  CHECK(affected(from_json(j, d), key, "0.16.0"));
  CHECK(d.empty());
}

TEST_CASE("a withdrawn record affects nothing and is dropped from the list") {
  std::vector<Diagnostic> d;
  nlohmann::json j = nlohmann::json::parse(advisory_text("GHSA-mgvx-rpfc-9mpv.json"));
  j["withdrawn"] = "2025-04-01T00:00:00Z";
  const Record r = from_json(j, d);
  const PackageKey key{"Go", "k8s.io/ingress-nginx"};
  CHECK_FALSE(check(r, key, "1.11.4").affected);
  CHECK(merge_aliases({r}, key).empty());
  CHECK(assess_one({r}, key, "1.11.4", {}).status == Status::not_affected);
}

TEST_CASE("malformed records are diagnostics naming the record and field") {
  const PackageKey key{"Go", "k8s.io/ingress-nginx"};
  nlohmann::json base = nlohmann::json::parse(advisory_text("GHSA-mgvx-rpfc-9mpv.json"));
  SECTION("not JSON") {
    std::vector<Diagnostic> d;
    CHECK_FALSE(parse_osv("{nope", d, "vulns/X"));
    REQUIRE(d.size() == 1);
    CHECK(d[0].record_id == "vulns/X");
  }
  SECTION("wrong type: affected is a string") {
    std::vector<Diagnostic> d;
    base["affected"] = "k8s.io/ingress-nginx";
    CHECK_FALSE(parse_osv(base.dump(), d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].describe() == "GHSA-mgvx-rpfc-9mpv: affected: expected an array, found string");
  }
  SECTION("unknown range type: the component is incomplete, never not affected") {
    std::vector<Diagnostic> d;
    base["affected"][1]["ranges"][0]["type"] = "CALVER";
    const auto r = parse_osv(base.dump(), d);
    REQUIRE(r);
    REQUIRE(d.size() == 1);
    CHECK(d[0].field == "affected[1].ranges[0].type");
    const auto a = assess_one({*r}, key, "1.12.0", {"1.12.1"});
    CHECK(a.status == Status::incomplete);
    // The intact entry still answers where it can.
    CHECK(assess_one({*r}, key, "1.11.0", {"1.11.5"}).status == Status::affected);
  }
  SECTION("a version the scheme cannot parse") {
    std::vector<Diagnostic> d;
    base["affected"][0]["ranges"][0]["events"][1]["fixed"] = "one.eleven";
    const auto r = parse_osv(base.dump(), d);
    REQUIRE(r);
    const auto a = assess_one({*r}, key, "1.11.0", {});
    CHECK(a.status == Status::incomplete);
    REQUIRE_FALSE(a.diagnostics.empty());
    CHECK(a.diagnostics[0].describe() ==
          "GHSA-mgvx-rpfc-9mpv: affected[0].ranges[0].events[1].fixed: version 'one.eleven' is "
          "not a semver version");
  }
  SECTION("wrongly typed event value") {
    std::vector<Diagnostic> d;
    base["affected"][0]["ranges"][0]["events"][1]["fixed"] = 1.11;
    const auto r = parse_osv(base.dump(), d);
    REQUIRE(r);
    REQUIRE(d.size() == 1);
    CHECK(d[0].field == "affected[0].ranges[0].events[1].fixed");
    CHECK(assess_one({*r}, key, "1.11.4", {}).status == Status::incomplete);
  }
}

TEST_CASE("a current version that does not parse is incomplete") {
  const Record r = advisory_record("GHSA-mgvx-rpfc-9mpv.json");
  const auto a = assess_one({r}, {"Go", "k8s.io/ingress-nginx"}, "main", {});
  CHECK(a.status == Status::incomplete);
}

TEST_CASE("no safe version released: null target with the reason") {
  const Record r = advisory_record("GO-2025-3567.json");
  const auto a = assess_one({r}, {"Go", "k8s.io/ingress-nginx"}, "1.12.0", {"1.12.1", "1.13.0"});
  CHECK(a.status == Status::affected);
  CHECK_FALSE(a.safe_target);
  CHECK(a.note == "no released version above 1.12.0 is free of known advisories");
}

TEST_CASE("Rocket.Chat repository advisories (constructed): one patched version per line") {
  const auto list = nlohmann::json::parse(advisory_text("rocketchat-repository-advisories.json"));
  std::vector<Record> records;
  std::vector<Diagnostic> d;
  for (const auto& item : list) {
    auto r = parse_github_repository_advisory(item.dump(), "GitHub", "RocketChat/Rocket.Chat", d);
    REQUIRE(r);
    records.push_back(*r);
  }
  CHECK(d.empty());
  REQUIRE(records.size() == 2);
  CHECK(records[0].severity == Severity::critical);
  CHECK(records[0].source == SourceKind::github_repository);
  CHECK(records[0].aliases == std::vector<std::string>{"CVE-2050-00000"});
  CHECK(records[1].severity == Severity::low);
  const PackageKey key{"GitHub", "RocketChat/Rocket.Chat"};
  CHECK(affected(records[0], key, "7.8.5"));
  CHECK_FALSE(affected(records[0], key, "7.8.6"));
  CHECK(affected(records[0], key, "7.9.0"));
  CHECK(affected(records[0], key, "7.9.7"));
  CHECK_FALSE(affected(records[0], key, "7.9.8"));
  CHECK(affected(records[0], key, "7.13.2"));
  CHECK_FALSE(affected(records[0], key, "7.13.3"));
  CHECK_FALSE(affected(records[0], key, "8.0.0"));
  CHECK_FALSE(affected(records[1], key, "7.9.9"));
  CHECK(affected(records[1], key, "7.10.4"));
  CHECK_FALSE(affected(records[1], key, "7.10.5"));
  CHECK(affected(records[1], key, "7.11.1"));
  CHECK_FALSE(affected(records[1], key, "7.12.0"));
  const std::vector<std::string> releases{"7.10.4", "7.10.5", "7.10.7", "7.10.8",
                                          "7.11.4", "7.13.3", "8.0.0",  "8.0.1"};
  // 7.10.5 fixes the second advisory but not the first: 7.10.7 is the backport that fixes both.
  const auto a = assess_one(records, key, "7.10.3", releases, LineBy::minor);
  CHECK(a.status == Status::affected);
  CHECK(a.findings.size() == 2);
  CHECK(a.highest() == Severity::critical);
  CHECK(a.safe_target == "7.10.7");
}
