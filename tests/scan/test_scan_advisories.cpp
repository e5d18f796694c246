// The scan's advisory step against a fake OSV and GitHub on 127.0.0.1 serving
// the real records of tests/fixtures/advisories (GitHub Advisory Database and
// Go Vulnerability Database, CC-BY 4.0; see SOURCES.md there), the real
// argo-helm index (real appVersions) and the real jenkins/jenkins tag list.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scan/scan_world.hpp"
#include "support/fake_upstream.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/scan/render.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using nlohmann::json;
using versiond::test::FakeUpstream;
using versiond::test::Reply;

namespace {

std::string fixture(const std::string& relative) {
  std::ifstream in(std::string(VERSIOND_FIXTURES) + "/" + relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A record with wrong types: a malformed record must be a diagnostic.
std::string malformed_record() {
  json j = json::parse(fixture("advisories/GHSA-fcxq-v2r3-cc8h.json"));
  j["id"] = "GHSA-bad0-bad0-bad0";
  j["aliases"] = json::array();
  j["affected"] = "github.com/cert-manager/cert-manager";
  return j.dump();
}

struct AdvisoryWorld {
  FakeUpstream up;
  test::TempDir repo;
  // OSV package -> the record files it lists.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> osv;

  AdvisoryWorld() {
    osv[{"Go", "github.com/argoproj/argo-cd/v2"}] = {"GHSA-786q-9hcg-v9ff"};
    osv[{"Go", "github.com/argoproj/argo-cd/v3"}] = {"GHSA-786q-9hcg-v9ff"};
    osv[{"Go", "k8s.io/ingress-nginx"}] = {"GO-2025-3567", "GHSA-mgvx-rpfc-9mpv"};
    osv[{"Go", "github.com/cert-manager/cert-manager"}] = {"GO-2024-3282", "GHSA-bad0-bad0-bad0"};
    osv[{"Maven", "org.jenkins-ci.main:jenkins-core"}] = {"GHSA-h76p-mc68-jv3p"};
    up.add_post("/v1/querybatch", [this](const std::string& body) {
      json results = json::array();
      const json request = json::parse(body);
      for (const auto& q : request.at("queries")) {
        const auto key = std::make_pair(q["package"]["ecosystem"].get<std::string>(),
                                        q["package"]["name"].get<std::string>());
        json vulns = json::array();
        if (const auto it = osv.find(key); it != osv.end()) {
          for (const auto& id : it->second) {
            const std::string text = id == "GHSA-bad0-bad0-bad0"
                                         ? malformed_record()
                                         : fixture("advisories/" + id + ".json");
            vulns.push_back({{"id", id}, {"modified", json::parse(text)["modified"]}});
          }
        }
        results.push_back(vulns.empty() ? json::object() : json{{"vulns", vulns}});
      }
      return Reply{200, {}, json{{"results", results}}.dump(), "application/json"};
    });
    for (const char* id : {"GHSA-786q-9hcg-v9ff", "GO-2025-3567", "GHSA-mgvx-rpfc-9mpv",
                           "GO-2024-3282", "GHSA-h76p-mc68-jv3p"}) {
      up.add_file(std::string("/v1/vulns/") + id, std::string("advisories/") + id + ".json");
    }
    up.add("/v1/vulns/GHSA-bad0-bad0-bad0", Reply{200, {}, malformed_record()});
    // GO-2024-3282's GitHub alias is not among the recorded records.
    up.add("/v1/vulns/GHSA-r4pg-vg54-wxx4", Reply{404, {}, R"({"message":"Not Found"})"});
    up.add("/repos/RocketChat/Rocket.Chat/security-advisories",
           Reply{200,
                 {{"ETag", "\"rc-1\""}},
                 fixture("advisories/rocketchat-repository-advisories.json")});
    // Releases are not what this test is about: answered, but empty.
    up.add("/repos/RocketChat/Rocket.Chat/releases", Reply{200, {}, "[]"});
    up.add("/argo/index.yaml",
           Reply{200, {}, fixture("advisories/argo-helm-index.yaml"), "application/x-yaml"});
    up.add_file("/v2/jenkins/jenkins/tags/list", "upstream/oci/tags-list-jenkins-jenkins.json");
    for (const char* path :
         {"/v2/ingress-nginx/controller/tags/list",
          "/v2/jetstack/cert-manager-controller/tags/list", "/v2/library/nats/tags/list"}) {
      up.add(path, Reply{404, {}, R"({"errors":[{"code":"NAME_UNKNOWN"}]})"});
    }

    repo.write("VERSIONS.md",
               "# Versions\n\n| Component | Current Version | Location | Update Source |\n"
               "|---|---|---|---|\n"
               "| **Rocket.Chat** | `7.10.3` | `k8s/apps.yaml` | "
               "[Releases](https://github.com/RocketChat/Rocket.Chat/releases) |\n");
    repo.write("argocd/argo-cd.yaml",
               "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: argo-cd\n"
               "spec:\n  source:\n    repoURL: " +
                   up.base() + "/argo\n    chart: argo-cd\n    targetRevision: 7.7.5\n");
    repo.write("k8s/apps.yaml",
               "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: apps\nspec:\n"
               "  template:\n    spec:\n      containers:\n"
               "        - name: ingress\n"
               "          image: registry.k8s.io/ingress-nginx/controller:v1.12.0\n"
               "        - name: jenkins\n          image: jenkins/jenkins:2.541.1-lts-jdk17\n"
               "        - name: cm\n"
               "          image: quay.io/jetstack/cert-manager-controller:v1.16.2\n"
               "        - name: nats\n          image: nats:2.10.22\n");
  }

  void write_config(const std::string& osv_base) const {
    const std::string base = up.base();
    repo.write("versiond.yaml",
               "endpoints:\n  github_api: " + base + "\n  endoflife: " + base +
                   "\n  docker_hub: " + base + "\n  docker_hub_api: ''\n  osv: " + osv_base +
                   "\n  registry_mirrors:\n    registry.k8s.io: " + base +
                   "\n    quay.io: " + base +
                   "\ncredentials:\n  github:\n    token_env: VERSIOND_TEST_GITHUB_TOKEN\n"
                   "http:\n  allow_plain_http_hosts: [127.0.0.1]\n  max_retries: 0\n");
  }

  scan::ScanReport scan(bool offline = false, const std::string& osv_base = {},
                        unsigned day = 1) const {
    write_config(osv_base.empty() ? up.base() : osv_base);
    return test::scan_on_day(repo.path(), day, offline);
  }
};

const scan::ComponentResult& by_file(const scan::ScanReport& report, const std::string& file) {
  for (const auto& r : report.components) {
    if (r.component.origin.file == file) return r;
  }
  FAIL("no component in " << file);
  throw std::logic_error("unreachable");
}

const policy::Update* update_to(const scan::ComponentResult& r, const std::string& target) {
  for (const auto& u : r.outcome.updates) {
    if (u.target == target) return &u;
  }
  return nullptr;
}

const scan::ComponentResult& by_name(const scan::ScanReport& report, const std::string& name) {
  for (const auto& r : report.components) {
    if (r.component.name == name) return r;
  }
  FAIL("no component " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("scan advisories: affected, not affected, no source, incomplete, with safe targets",
          "[scan][advisories]") {
  AdvisoryWorld world;
  const auto report = world.scan();
  INFO(scan::render_scan_text(report));

  const auto& argo = by_name(report, "argo-cd");
  CHECK(argo.advisory.status == advisory::Status::affected);
  REQUIRE(argo.advisory.findings.size() == 1);
  CHECK(argo.advisory.findings[0].id == "GHSA-786q-9hcg-v9ff");
  CHECK(argo.advisory.findings[0].severity == advisory::Severity::critical);
  CHECK(argo.advisory.safe_target == "8.3.4");  // the chart, judged by its appVersion v3.1.3

  const auto& ingress = by_name(report, "registry.k8s.io/ingress-nginx/controller");
  CHECK(ingress.advisory.status == advisory::Status::affected);
  REQUIRE(ingress.advisory.findings.size() == 1);  // GO-2025-3567 and GHSA-mgvx merged
  CHECK(ingress.advisory.findings[0].id == "GHSA-mgvx-rpfc-9mpv");
  CHECK(ingress.advisory.findings[0].aliases ==
        std::vector<std::string>{"CVE-2025-1974", "GO-2025-3567"});
  CHECK_FALSE(ingress.advisory.safe_target);
  CHECK(ingress.advisory.note.find("could not be looked up") != std::string::npos);

  CHECK(by_name(report, "docker.io/jenkins/jenkins").advisory.status ==
        advisory::Status::not_affected);
  CHECK(by_name(report, "docker.io/library/nats").advisory.status == advisory::Status::no_source);

  // cert-manager 1.16.2 is past GO-2024-3282, but a record of its package is malformed.
  const auto& cm = by_name(report, "quay.io/jetstack/cert-manager-controller");
  CHECK(cm.advisory.status == advisory::Status::incomplete);

  const auto& rc = by_name(report, "Rocket.Chat");
  CHECK(rc.advisory.status == advisory::Status::affected);
  CHECK(rc.advisory.findings.size() == 2);
  CHECK(rc.advisory.findings[0].source == advisory::SourceKind::github_repository);

  const json j = scan::scan_to_json(report);
  bool diagnostic = false;
  for (const auto& e : j["errors"]) {
    diagnostic = diagnostic || e.get<std::string>() ==
                                   "advisory GHSA-bad0-bad0-bad0: affected: expected an array, "
                                   "found string";
  }
  CHECK(diagnostic);
  for (const auto& c : j["components"]) {
    if (c["name"] == "argo-cd") {
      CHECK(c["advisory_status"] == "affected");
      CHECK(c["safe_target"] == "8.3.4");
      CHECK(c["advisories"][0]["id"] == "GHSA-786q-9hcg-v9ff");
      // The fixes of its own package (the /v2 module): 3.x fixes are another key's.
      CHECK(c["advisories"][0]["fixed"] == json::array({"2.13.9", "2.14.16"}));
    }
    if (c["name"] == "docker.io/library/nats") {
      CHECK(c["advisory_status"] == "no_source");
      CHECK(c["safe_target"].is_null());
    }
  }
  CHECK(report.affected() == 3);
  std::string text;  // without the wrapping
  {
    std::istringstream lines(scan::render_scan_text(report));
    for (std::string line; std::getline(lines, line);) {
      const auto start = line.find_first_not_of(' ');
      text += (text.empty() ? "" : " ") + (start == std::string::npos ? "" : line.substr(start));
    }
  }
  CHECK(text.find("[!] argo-cd") != std::string::npos);
  CHECK(text.find("advisories: no advisory source") != std::string::npos);
  CHECK(text.find("advisories: advisory data incomplete") != std::string::npos);
  CHECK(text.find("3 affected") != std::string::npos);
  CHECK(text.find("CC-BY 4.0") != std::string::npos);
  const std::string md = scan::render_scan_markdown(report);
  CHECK(md.find("#### Affected by security advisories") != std::string::npos);
  CHECK(md.find("3 affected by advisories") != std::string::npos);
}

TEST_CASE("scan advisories: cold one querybatch and one GET per record and warm no GET",
          "[scan][advisories]") {
  AdvisoryWorld world;
  const auto cold = world.scan();
  CHECK(cold.advisory_requests.querybatch == 1);
  // Six listed records, plus GO-2024-3282's unrated alias looked up once (404).
  CHECK(world.up.hits("/v1/querybatch") == 1);
  CHECK(cold.advisory_requests.records == 7);
  CHECK(cold.advisory_requests.github == 1);
  const auto warm = world.scan();
  CHECK(world.up.hits("/v1/querybatch") == 2);
  CHECK(warm.advisory_requests.querybatch == 1);
  CHECK(warm.advisory_requests.records == 0);
  CHECK(warm.advisory_requests.records_from_store == 6);
  CHECK(by_name(warm, "argo-cd").advisory.safe_target == "8.3.4");
  // The repository advisories were revalidated: 304, the stored copy.
  CHECK(world.up.header_values("/repos/RocketChat/Rocket.Chat/security-advisories", "if-none-match")
            .size() == 1);
  // Offline: from the store, no request.
  const auto offline = world.scan(true);
  CHECK(by_name(offline, "argo-cd").advisory.status == advisory::Status::affected);
  CHECK(by_name(offline, "Rocket.Chat").advisory.status == advisory::Status::affected);
  CHECK(world.up.hits("/v1/querybatch") == 2);
}

TEST_CASE("scan advisories: exposure history records first and last seen, and the end",
          "[scan][advisories]") {
  AdvisoryWorld world;
  world.scan(false, {}, 1);
  world.scan(false, {}, 2);
  {
    store::Store store(world.repo.path() / ".versiond" / "versiond.db");
    const auto all = store::exposures(store.db());
    int open = 0;
    for (const auto& e : all) open += e.resolved_at.empty() ? 1 : 0;
    CHECK(open == 4);  // argo-cd, ingress-nginx, Rocket.Chat x2
  }
  // Rocket.Chat moves to a version no advisory affects.
  world.repo.write("VERSIONS.md",
                   "# Versions\n\n| Component | Current Version | Location | Update Source |\n"
                   "|---|---|---|---|\n"
                   "| **Rocket.Chat** | `8.0.0` | `k8s/apps.yaml` | "
                   "[Releases](https://github.com/RocketChat/Rocket.Chat/releases) |\n");
  const auto after = world.scan(false, {}, 3);
  CHECK(by_name(after, "Rocket.Chat").advisory.status == advisory::Status::not_affected);
  store::Store store(world.repo.path() / ".versiond" / "versiond.db");
  int resolved = 0;
  for (const auto& e : store::exposures(store.db())) {
    if (!e.resolved_at.empty()) {
      ++resolved;
      CHECK(e.first_seen_at < e.resolved_at);
    }
  }
  CHECK(resolved == 2);
  // versiond history shows the exposure days per advisory.
  const auto history =
      test::run_versiond({"history", "Rocket.Chat", "--repo", world.repo.path().string(),
                          "--format", "json", "--now", "2026-12-10"});
  INFO(history.out << history.err);
  REQUIRE(history.exit_code == 0);
  const json h = json::parse(history.out);
  REQUIRE(h.size() == 1);
  REQUIRE(h[0]["advisories"].size() == 2);
  CHECK(h[0]["advisories"][0]["first_seen_at"] == "2026-12-01T00:00:00Z");
  CHECK(h[0]["advisories"][0]["resolved_at"] == "2026-12-03T00:00:00Z");
  CHECK(h[0]["advisories"][0]["exposure_days"] == 2);
  const auto text = test::run_versiond(
      {"history", "Rocket.Chat", "--repo", world.repo.path().string(), "--now", "2026-12-10"});
  CHECK(text.out.find("exposed 2026-12-01 .. 2026-12-03 (2 days)") != std::string::npos);
}

TEST_CASE("scan advisories: a failing OSV marks the check failed and the scan goes on",
          "[scan][advisories]") {
  AdvisoryWorld world;
  const std::string dead = "http://127.0.0.1:" + std::to_string(FakeUpstream::closed_port());
  const auto report = world.scan(false, dead);
  const auto& argo = by_name(report, "argo-cd");
  CHECK(argo.advisory.status == advisory::Status::failed);
  CHECK(argo.advisory.note.find("OSV: network") == 0);
  CHECK(argo.status == "ok");  // its version lookup is unaffected
  // GitHub repository advisories still answer.
  CHECK(by_name(report, "Rocket.Chat").advisory.status == advisory::Status::affected);
  CHECK(report.summary.id > 0);  // recorded: the scan went on
}

TEST_CASE("versiond advisories lists affected components and gates CI with --fail-on",
          "[scan][advisories][cli]") {
  AdvisoryWorld world;
  world.scan();
  const std::string repo = world.repo.path().string();
  const auto text = test::run_versiond({"advisories", "--repo", repo});
  INFO(text.out << text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("3 affected components at or above unknown") != std::string::npos);
  CHECK(text.out.find("GHSA-786q-9hcg-v9ff critical") != std::string::npos);
  CHECK(text.out.find("safe target 8.3.4") != std::string::npos);
  CHECK(text.out.find("CC-BY 4.0") != std::string::npos);

  const auto js = test::run_versiond(
      {"advisories", "--repo", repo, "--format", "json", "--min-severity", "critical"});
  CHECK(js.exit_code == 0);
  const json j = json::parse(js.out);
  CHECK(j["components"].size() == 3);  // argo-cd, ingress-nginx, Rocket.Chat (critical one)
  for (const auto& c : j["components"]) {
    for (const auto& a : c["advisories"]) CHECK(a["severity"] == "critical");
    CHECK(c["advisories"][0]["first_seen_at"] == "2026-12-01T00:00:00Z");
  }
  CHECK(j["counts"]["no_source"] == 1);

  CHECK(test::run_versiond({"advisories", "--repo", repo, "--fail-on", "high"}).exit_code == 1);
  const auto md = test::run_versiond({"advisories", "--repo", repo, "--format", "markdown"});
  CHECK(md.out.find("| Rocket.Chat |") != std::string::npos);
  CHECK(test::run_versiond({"advisories", "--repo", repo, "--fail-on", "urgent"}).exit_code == 2);

  // policy explain (from the store) shows the advisory step and the security update first.
  const auto explain =
      test::run_versiond({"policy", "explain", "argo-cd", "--repo", repo, "--now", "2026-12-01"});
  INFO(explain.out << explain.err);
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("advisories: 7.7.5 is affected by GHSA-786q-9hcg-v9ff (critical); safe "
                         "target 8.3.4") != std::string::npos);
  CHECK(explain.out.find("security update: 8.3.4 removes GHSA-786q-9hcg-v9ff") !=
        std::string::npos);
}

TEST_CASE("scan advisories: an AKS kubernetes_version is judged over its minor line",
          "[scan][advisories]") {
  AdvisoryWorld world;
  // CVE-2023-5528 (the real GHSA and Go records): fixed in 1.25.16, 1.26.11,
  // 1.27.8 and 1.28.4; 1.24 and older have no fixed patch.
  world.osv[{"Go", "k8s.io/kubernetes"}] = {"GHSA-hq6q-c2x6-hmch", "GO-2023-2341"};
  for (const char* id : {"GHSA-hq6q-c2x6-hmch", "GO-2023-2341"}) {
    world.up.add_file(std::string("/v1/vulns/") + id, std::string("advisories/") + id + ".json");
  }
  // Constructed in endoflife.date's shape (cycle, eol, latest): the cycles and
  // newest patches are illustrative, not a recording.
  world.up.add("/api/azure-kubernetes-service.json",
               Reply{200,
                     {},
                     R"([{"cycle":"1.32","eol":"2027-03-31","latest":"1.32.4"},)"
                     R"({"cycle":"1.31","eol":"2026-12-31","latest":"1.31.8"},)"
                     R"({"cycle":"1.27","eol":"2024-07-31","latest":"1.27.9"},)"
                     R"({"cycle":"1.26","eol":"2024-03-31","latest":"1.26.12"},)"
                     R"({"cycle":"1.25","eol":"2023-12-31","latest":"1.25.16"},)"
                     R"({"cycle":"1.24","eol":"2023-07-31","latest":"1.24.17"}])",
                     "application/json"});
  world.repo.write("terraform/prod/aks.tf",
                   "resource \"azurerm_kubernetes_cluster\" \"prod\" {\n"
                   "  name               = \"prod\"\n  kubernetes_version = \"1.31\"\n}\n");
  world.repo.write("terraform/legacy/aks.tf",
                   "resource \"azurerm_kubernetes_cluster\" \"legacy\" {\n"
                   "  name               = \"legacy\"\n  kubernetes_version = \"1.24\"\n}\n");
  world.repo.write("terraform/stage/variables.tf",
                   "variable \"kubernetes_version\" {\n  type    = string\n"
                   "  default = \"1.27\"\n}\n");
  const auto report = world.scan();
  INFO(scan::render_scan_text(report));

  // 1.31: no advisory touches the line; the update is the next cycle, "1.32".
  const auto& prod = by_file(report, "terraform/prod/aks.tf");
  CHECK(prod.advisory.status == advisory::Status::not_affected);
  CHECK(prod.decision.latest_overall == "1.32");
  REQUIRE(prod.outcome.updates.size() == 1);
  CHECK(prod.outcome.updates[0].target == "1.32");
  CHECK_FALSE(prod.outcome.updates[0].security);

  // 1.24: every patch affected; 1.25's newest patch has the fix.
  const auto& legacy = by_file(report, "terraform/legacy/aks.tf");
  CHECK(legacy.advisory.status == advisory::Status::affected);
  REQUIRE(legacy.advisory.findings.size() == 1);
  CHECK(legacy.advisory.findings[0].id == "GHSA-hq6q-c2x6-hmch");
  CHECK(legacy.advisory.safe_target == "1.25");
  const policy::Update* safe = update_to(legacy, "1.25");
  REQUIRE(safe);
  CHECK(safe->safe_target);
  CHECK(safe->security);
  CHECK(safe->fixes == std::vector<std::string>{"GHSA-hq6q-c2x6-hmch"});
  const policy::Update* newest = update_to(legacy, "1.32");
  REQUIRE(newest);
  CHECK(newest->security);

  // 1.27: fixed in 1.27.8, which patch the cluster runs is not known.
  const auto& stage = by_file(report, "terraform/stage/variables.tf");
  CHECK(stage.advisory.status == advisory::Status::incomplete);
  CHECK(stage.advisory.note ==
        "GHSA-hq6q-c2x6-hmch fixed in 1.27.8: make sure the cluster runs 1.27.8 or later");
  CHECK(stage.decision.latest_overall == "1.32");

  const json j = scan::scan_to_json(report);
  int seen = 0;
  for (const auto& c : j["components"]) {
    if (c["origin"]["file"] == "terraform/legacy/aks.tf") {
      CHECK(c["advisory_status"] == "affected");
      CHECK(c["safe_target"] == "1.25");
      ++seen;
    }
  }
  CHECK(seen == 1);
}
