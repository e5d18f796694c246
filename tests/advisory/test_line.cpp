// A pin that names a minor line ("1.31", an AKS kubernetes_version) judged
// over the whole line, against the real Kubernetes records of
// tests/fixtures/advisories: CVE-2023-5528 as GHSA-hq6q-c2x6-hmch (GitHub
// Advisory Database, ECOSYSTEM `[1.28.0,1.28.4)` `[1.27.0,1.27.8)`
// `[1.26.0,1.26.11)` `[0,1.25.16)`) and GO-2023-2341 (Go Vulnerability
// Database, the same ranges as one SEMVER range), CC-BY 4.0, see SOURCES.md
// there. The inline records marked "constructed" are built from the OSV schema
// for the shapes no real record has (no fix on the line, last_affected).
#include <nlohmann/json.hpp>

#include "advisory/advisory_test_support.hpp"
#include "versiond/advisory/mapping.hpp"

using namespace versiond;
using namespace versiond::advisory;
using versiond::test::advisory_record;

namespace {

const PackageKey k8s{"Go", "k8s.io/kubernetes"};

std::vector<Record> cve_2023_5528() {
  return {advisory_record("GHSA-hq6q-c2x6-hmch.json"), advisory_record("GO-2023-2341.json")};
}

// Constructed (OSV schema 1.x, not a real record): one Kubernetes range.
Record constructed(const std::string& id, const nlohmann::json& events) {
  const nlohmann::json j = {{"id", id},
                            {"modified", "2026-11-01T00:00:00Z"},
                            {"summary", "constructed test record"},
                            {"database_specific", {{"severity", "HIGH"}}},
                            {"affected",
                             {{{"package", {{"ecosystem", "Go"}, {"name", "k8s.io/kubernetes"}}},
                               {"ranges", {{{"type", "ECOSYSTEM"}, {"events", events}}}}}}}};
  std::vector<Diagnostic> diagnostics;
  auto r = parse_osv(j.dump(), diagnostics, id);
  REQUIRE(r);
  REQUIRE(diagnostics.empty());
  return *r;
}

LineRelease line(const std::string& pin, const std::string& newest = "") {
  return {pin, newest, std::nullopt};
}

Component aks(const std::string& version) {
  Component c;
  c.kind = PinKind::terraform_aks;
  c.datasource = Datasource::endoflife;
  c.name = "kubernetes";
  c.package = "azure-kubernetes-service";
  c.current = version;
  return c;
}

}  // namespace

TEST_CASE("line: only a major.minor pin names a minor line") {
  CHECK(names_line("1.31", LineBy::minor));
  CHECK(names_line("v1.31", LineBy::minor));
  CHECK_FALSE(names_line("1.31.2", LineBy::minor));
  CHECK_FALSE(names_line("1", LineBy::minor));
  CHECK_FALSE(names_line("1.31-rc.1", LineBy::minor));
  CHECK_FALSE(names_line("1.", LineBy::minor));
  CHECK_FALSE(names_line(".31", LineBy::minor));
  CHECK_FALSE(names_line("1.31", LineBy::major));
}

TEST_CASE("line: every release of the line affected, the safe target is the next clean line") {
  // CVE-2023-5528 is fixed only from 1.25.16 on: no 1.24 patch has the fix.
  const auto a = check_line(cve_2023_5528(), k8s, line("1.24", "1.24.17"),
                            {line("1.23", "1.23.17"), line("1.25", "1.25.16"),
                             line("1.26", "1.26.15"), line("1.29", "1.29.12")});
  CHECK(a.status == Status::affected);
  REQUIRE(a.findings.size() == 1);  // the GHSA and the Go record merged
  CHECK(a.findings[0].id == "GHSA-hq6q-c2x6-hmch");
  CHECK(a.findings[0].severity == Severity::high);
  // 1.25's newest patch carries the fix: the line's pin, not "1.25.16".
  CHECK(a.safe_target == "1.25");

  SECTION("no fix on the line and none on 1.31: 1.32 is the next clean line (constructed)") {
    const Record r = constructed("TEST-k8s-0001", {{{"introduced", "0"}}, {{"fixed", "1.32.0"}}});
    const auto b = check_line({r}, k8s, line("1.31", "1.31.4"),
                              {line("1.31", "1.31.4"), line("1.33", "1.33.1"),
                               line("1.32", "1.32.4"), line("1.30", "1.30.8")});
    CHECK(b.status == Status::affected);
    CHECK(b.safe_target == "1.32");
    CHECK(b.note.empty());
  }
  SECTION("no candidate line is clean") {
    const Record r = constructed("TEST-k8s-0002", {{{"introduced", "0"}}});
    const auto b = check_line({r}, k8s, line("1.31", "1.31.4"), {line("1.32", "1.32.4")});
    CHECK(b.status == Status::affected);
    CHECK_FALSE(b.safe_target);
    CHECK(b.note == "no released line above 1.31 is free of known advisories");
  }
}

TEST_CASE("line: a fix inside the line is incomplete, with the patch to run") {
  const auto records = cve_2023_5528();
  const auto a = check_line(records, k8s, line("1.28", "1.28.15"), {line("1.29", "1.29.12")});
  CHECK(a.status == Status::incomplete);
  CHECK(a.findings.empty());
  CHECK_FALSE(a.safe_target);
  CHECK(a.note ==
        "GHSA-hq6q-c2x6-hmch fixed in 1.28.4: make sure the cluster runs 1.28.4 or later");
  // The patches of the line come from the records when upstream gives none.
  CHECK(check_line(records, k8s, line("1.26"), {}).note ==
        "GHSA-hq6q-c2x6-hmch fixed in 1.26.11: make sure the cluster runs 1.26.11 or later");
  // The fix is the newest patch of the line ([0,1.25.16)).
  CHECK(check_line(records, k8s, line("1.25", "1.25.16"), {}).note ==
        "GHSA-hq6q-c2x6-hmch fixed in 1.25.16: make sure the cluster runs 1.25.16 or later");
  // A fix the record names counts as released even when upstream's newest lags.
  CHECK(check_line(records, k8s, line("1.27", "1.27.7"), {}).status == Status::incomplete);
}

TEST_CASE("line: a line no advisory touches is not affected") {
  const auto records = cve_2023_5528();
  CHECK(check_line(records, k8s, line("1.29", "1.29.12"), {}).status == Status::not_affected);
  CHECK(check_line(records, k8s, line("1.31"), {}).status == Status::not_affected);
  CHECK(check_line({}, k8s, line("1.31", "1.31.4"), {}).status == Status::not_affected);
  // Another package's records do not touch the line.
  CHECK(check_line({advisory_record("GHSA-mgvx-rpfc-9mpv.json")}, k8s, line("1.11", "1.11.5"), {})
            .status == Status::not_affected);
}

TEST_CASE("line: boundaries inside the line (constructed records)") {
  SECTION("introduced on a later patch, no fix: the newest patch is affected") {
    const Record r = constructed("TEST-k8s-0003", {{{"introduced", "1.31.3"}}});
    CHECK(check_line({r}, k8s, line("1.31", "1.31.4"), {}).status == Status::affected);
    CHECK(check_line({r}, k8s, line("1.30", "1.30.8"), {}).status == Status::not_affected);
  }
  SECTION("introduced at a pre-release of the next line: this line is not touched") {
    const Record r = constructed("TEST-k8s-0004", {{{"introduced", "1.32.0-alpha.1"}}});
    CHECK(check_line({r}, k8s, line("1.31", "1.31.4"), {}).status == Status::not_affected);
    CHECK(check_line({r}, k8s, line("1.32", "1.32.0"), {}).status == Status::affected);
  }
  SECTION("fixed at the line's first release: the line is clean") {
    const Record r = constructed("TEST-k8s-0005", {{{"introduced", "0"}}, {{"fixed", "1.31.0"}}});
    CHECK(check_line({r}, k8s, line("1.31", "1.31.4"), {}).status == Status::not_affected);
    CHECK(check_line({r}, k8s, line("1.30", "1.30.8"), {}).status == Status::affected);
  }
  SECTION("last_affected: fixed in the patch after it, when one is released") {
    const Record r =
        constructed("TEST-k8s-0006", {{{"introduced", "1.31.0"}}, {{"last_affected", "1.31.4"}}});
    CHECK(check_line({r}, k8s, line("1.31", "1.31.6"), {}).note ==
          "TEST-k8s-0006 fixed in 1.31.5: make sure the cluster runs 1.31.5 or later");
    // No patch after the last affected one: every release of the line is affected.
    CHECK(check_line({r}, k8s, line("1.31"), {}).status == Status::affected);
  }
  SECTION("an affected vulnerability wins, the fix inside the line is kept in the notes") {
    const Record open =
        constructed("TEST-k8s-0007", {{{"introduced", "1.31.0"}}, {{"fixed", "1.32.0"}}});
    const Record fixed =
        constructed("TEST-k8s-0008", {{{"introduced", "1.31.0"}}, {{"fixed", "1.31.2"}}});
    const auto a = check_line({open, fixed}, k8s, line("1.31", "1.31.4"), {line("1.32", "")});
    CHECK(a.status == Status::affected);
    REQUIRE(a.findings.size() == 1);
    CHECK(a.findings[0].id == "TEST-k8s-0007");
    CHECK(a.safe_target == "1.32");
    REQUIRE(a.notes.size() == 1);
    CHECK(a.notes[0] ==
          "TEST-k8s-0008 fixed in 1.31.2: make sure the cluster runs 1.31.2 or later");
  }
  SECTION("two fixes inside the line: the cluster needs the later patch") {
    const Record a = constructed("TEST-k8s-0009", {{{"introduced", "0"}}, {{"fixed", "1.31.2"}}});
    const Record b = constructed("TEST-k8s-0010", {{{"introduced", "0"}}, {{"fixed", "1.31.10"}}});
    CHECK(check_line({a, b}, k8s, line("1.31", "1.31.11"), {}).note ==
          "TEST-k8s-0009 fixed in 1.31.2, TEST-k8s-0010 fixed in 1.31.10: make sure the cluster "
          "runs 1.31.10 or later");
  }
  SECTION("a pin that names no line is incomplete") {
    CHECK(check_line({}, k8s, line("1.31.2"), {}).status == Status::incomplete);
  }
}

TEST_CASE("line: full versions keep the exact OSV evaluation") {
  const auto records = cve_2023_5528();
  CHECK(assess(records, k8s, "1.28.3", {}).status == Status::affected);
  CHECK(assess(records, k8s, "1.28.4", {}).status == Status::not_affected);
  CHECK(assess(records, k8s, "1.29.0", {}).status == Status::not_affected);
}

TEST_CASE("line: an AKS kubernetes_version is judged as its line, the safe target is a cycle") {
  const auto c = aks("1.24");
  const MappingRule* rule = find_rule(c, {});
  REQUIRE(rule);
  CHECK(judged_as_line(*rule, c));
  CHECK_FALSE(judged_as_line(*rule, aks("1.24.17")));
  // endoflife.date cycles with their newest patch.
  const std::vector<PinRelease> cycles{
      {"1.26", "", "1.26.15"}, {"1.25", "", "1.25.16"}, {"1.24", "", "1.24.17"}};
  const auto records = cve_2023_5528();
  const auto a = assess_component(*rule, c, records, cycles);
  CHECK(a.status == Status::affected);
  CHECK(a.safe_target == "1.25");
  // The newest 1.25 patch has the fix; 1.24's newest has not.
  CHECK(fixed_by(*rule, c, records, cycles, a, "1.25") ==
        std::vector<std::string>{"GHSA-hq6q-c2x6-hmch"});
  CHECK(fixed_by(*rule, c, records, cycles, a, "1.24").empty());

  const auto on_fixed_line = assess_component(*rule, aks("1.26"), records, cycles);
  CHECK(on_fixed_line.status == Status::incomplete);
  CHECK(on_fixed_line.note ==
        "GHSA-hq6q-c2x6-hmch fixed in 1.26.11: make sure the cluster runs 1.26.11 or later");
  // A patch pin keeps the exact evaluation.
  CHECK(assess_component(*rule, aks("1.26.11"), records, cycles).status == Status::not_affected);
  CHECK(assess_component(*rule, aks("1.26.10"), records, cycles).status == Status::affected);
}
