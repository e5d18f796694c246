#include <algorithm>
#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "versiond/drift/drift.hpp"
#include "versiond/extract/inventory.hpp"

using versiond::RepoRoot;
using versiond::drift::check_drift;
using versiond::drift::DriftReport;
using versiond::drift::Finding;
using versiond::test::TempDir;

namespace {

DriftReport drift_of(const TempDir& dir) {
  const RepoRoot root(dir.path());
  const auto inv = versiond::extract::build_inventory(root);
  REQUIRE(inv.errors.empty());
  return check_drift(inv.components, root);
}

std::string summary(const Finding& f) {
  return f.kind + "|" + f.name + "|" + f.expected + "|" + f.found + "|" + f.file + ":" +
         std::to_string(f.line);
}

std::vector<std::string> summaries(const DriftReport& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) {
    out.push_back(summary(f));
  }
  return out;
}

const char* k_table_head =
    "| Component | Current Version | Location | Update Source |\n"
    "|---|---|---|---|\n";

std::string deployment(const std::vector<std::string>& images) {
  std::string y =
      "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n";
  for (const std::string& i : images) {
    y += "        - image: " + i + "\n";
  }
  return y;
}

}  // namespace

TEST_CASE("clean: rows match what the code pins, v-prefix differences included", "[plan][drift]") {
  TempDir dir;
  dir.write("VERSIONS.md", std::string(k_table_head) +
                               "| **NATS Server** | `v2.10.24` | `ops/nats.yaml` | "
                               "[r](https://github.com/nats-io/nats-server/releases) |\n"
                               "| **NATS Box** | `0.16.2` | `ops/nats.yaml` | "
                               "[r](https://github.com/nats-io/nats-box/releases) |\n");
  dir.write("ops/nats.yaml", deployment({"nats:2.10.24", "natsio/nats-box:0.16.2"}));
  const auto r = drift_of(dir);
  CHECK(r.has_tables);
  CHECK(r.rows_checked == 2);
  CHECK(summaries(r).empty());
}

TEST_CASE("every finding kind", "[plan][drift]") {
  TempDir dir;
  dir.write("VERSIONS.md",
            std::string(k_table_head) +
                "| NATS Server | `2.10.24` | `ops/nats.yaml` | |\n"  // line 3
                "| NATS Box | `0.16.2` | `ops/nats.yaml` | |\n"      // line 4
                "| Promtail | `v3.6.0` | `ops/promtail.yaml` | |\n"  // line 5
                "| Secrets | `1.0` | `../../etc/passwd` | |\n"       // line 6
                "| Absolute | `1.0` | `/etc/passwd` | |\n"           // line 7
                "| Grafana | See app | ArgoCD managed | |\n");       // line 8
  dir.write("ops/nats.yaml", deployment({"nats:2.11.0", "redis:7.4.1", "redis:7.4.1"}));
  const auto r = drift_of(dir);
  CHECK(summaries(r) == std::vector<std::string>{
                            "component-missing|NATS Box|0.16.2||VERSIONS.md:4",
                            "location-missing|Promtail|v3.6.0||VERSIONS.md:5",
                            "location-missing|Secrets|1.0||VERSIONS.md:6",
                            "location-missing|Absolute|1.0||VERSIONS.md:7",
                            "version-mismatch|NATS Server|2.10.24|2.11.0|ops/nats.yaml:7",
                            "untracked|docker.io/library/redis||7.4.1|ops/nats.yaml:8",
                            "untracked|docker.io/library/redis||7.4.1|ops/nats.yaml:9",
                        });
  const Finding& outside = r.findings[2];
  CHECK(outside.message ==
        "location '../../etc/passwd' is outside the repository; it was not read");
  CHECK(r.findings[1].message == "location 'ops/promtail.yaml' does not exist");
  CHECK(r.findings[0].message == "'ops/nats.yaml' does not pin NATS Box");
  const Finding& mismatch = r.findings[4];
  CHECK(mismatch.row.file == "VERSIONS.md");
  CHECK(mismatch.row.line == 3);
  CHECK(mismatch.message == "VERSIONS.md:3 says 2.10.24 but ops/nats.yaml:7 pins 2.11.0");
  const auto j = versiond::drift::to_json(mismatch);
  CHECK(j["kind"] == "version-mismatch");
  CHECK(j["expected"] == "2.10.24");
  CHECK(j["found"] == "2.11.0");
  CHECK(j["row"]["line"] == 3);
  CHECK_FALSE(versiond::drift::to_json(r.findings[5]).contains("row"));
}

TEST_CASE("directories, table-relative locations, prose values and digests", "[plan][drift]") {
  TempDir dir;
  dir.write("docs/VERSIONS.md", std::string(k_table_head) +
                                    "| Alpine | `3.20` | `ops/` | |\n"
                                    "| Loki | `3.3.1` | `../ops/loki.yaml` | |\n"
                                    "| TelemetryGen | `sha256:d9243...` | `ops/tracegen.yaml` | |\n"
                                    "| cert-manager | See ArgoCD App | `apps/cm.yaml` | |\n");
  dir.write("ops/a/init.yaml", deployment({"alpine:3.20"}));
  dir.write("ops/loki.yaml", deployment({"grafana/loki:3.3.1"}));
  dir.write("ops/tracegen.yaml",
            deployment({"ghcr.io/o/"
                        "telemetrygen@sha256:"
                        "d9243b5a3c3f2a4e7d0f1e8b9c6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c"}));
  dir.write("apps/cm.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n"
            "    repoURL: https://charts.jetstack.io\n    chart: cert-manager\n    targetRevision: "
            "v1.16.2\n");
  const auto r = drift_of(dir);
  CHECK(summaries(r).empty());
  CHECK(r.rows_checked == 4);
}

TEST_CASE("a row over a folder: one stale file among several is drift", "[plan][drift]") {
  TempDir dir;
  dir.write("VERSIONS.md", std::string(k_table_head) +
                               "| **actions/checkout** | `v4` | `.github/workflows` | "
                               "[t](https://github.com/actions/checkout/tags) |\n");
  const std::string job = "on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n";
  dir.write(".github/workflows/a.yml", job + "      - uses: actions/checkout@v4\n");
  dir.write(".github/workflows/b.yml", job + "      - uses: actions/checkout@v4\n");
  CHECK(summaries(drift_of(dir)).empty());
  dir.write(".github/workflows/c.yml", job + "      - uses: actions/checkout@v3\n");
  CHECK(summaries(drift_of(dir)) ==
        std::vector<std::string>{
            "version-mismatch|actions/checkout|v4|v3|.github/workflows/c.yml:6"});
}

TEST_CASE("rows without a location track the pins they fully name", "[plan][drift]") {
  TempDir dir;
  dir.write("VERSIONS.md", std::string(k_table_head) +
                               "| cert-manager | See ArgoCD App | ArgoCD managed | "
                               "[r](https://github.com/cert-manager/cert-manager/releases) |\n");
  dir.write("apps/cm.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n"
            "    repoURL: https://charts.jetstack.io\n    chart: cert-manager\n    targetRevision: "
            "v1.16.2\n"
            "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n"
            "    repoURL: https://charts.jetstack.io\n    chart: trust-manager\n    "
            "targetRevision: v0.12.0\n");
  const auto r = drift_of(dir);
  CHECK(summaries(r) ==
        std::vector<std::string>{"untracked|trust-manager||v0.12.0|apps/cm.yaml:15"});
}

TEST_CASE("no version table: nothing to compare, nothing reported", "[plan][drift]") {
  TempDir dir;
  dir.write("ops/nats.yaml", deployment({"nats:2.10.24"}));
  const auto r = drift_of(dir);
  CHECK_FALSE(r.has_tables);
  CHECK(r.findings.empty());
}

TEST_CASE("same package at a tracked version elsewhere is tracked, another version is not",
          "[plan][drift]") {
  TempDir dir;
  dir.write("VERSIONS.md", std::string(k_table_head) + "| Alpine | `3.20` | `ops/a.yaml` | |\n");
  dir.write("ops/a.yaml", deployment({"alpine:3.20"}));
  dir.write("ops/b.yaml", deployment({"alpine:3.20"}));
  dir.write("ops/c.yaml", deployment({"alpine:3.18"}));
  const auto r = drift_of(dir);
  CHECK(summaries(r) ==
        std::vector<std::string>{"untracked|docker.io/library/alpine||3.18|ops/c.yaml:7"});
}

TEST_CASE("locations no extractor reads are checked for the value's text", "[plan][drift]") {
  TempDir dir;
  dir.write("VERSIONS.md", std::string(k_table_head) +
                               "| OpenTofu | `v1.12.6` | `tools/versions.env` | |\n"
                               "| tflint | `v0.64.0` | `tools/versions.env` | |\n"
                               "| checkov | `3.3.3` | `tools/versions.env` | |\n"
                               "| ESO | `2.9.0` | `docs/guide.md` | |\n");
  dir.write("tools/versions.env",
            "TOFU_VERSION=1.12.6\nTFLINT_VERSION=v0.63.0\nCHECKOV_VERSION=3.3.30\n");
  dir.write("docs/guide.md", "Install the chart at version 2.9.0.\n");
  const auto r = drift_of(dir);
  CHECK(summaries(r) == std::vector<std::string>{"component-missing|tflint|v0.64.0||VERSIONS.md:4",
                                                 "component-missing|checkov|3.3.3||VERSIONS.md:5"});
  CHECK(r.findings[0].message == "'tools/versions.env' does not mention v0.64.0");
}

TEST_CASE("two rows on one values file pair by identity, not by word count",
          "[plan][drift][issue11]") {
  // Issue 11: "Jenkins LTS" (the controller image) and "Jenkins Helm Chart"
  // both name jenkins-values.yaml, a values file shaped after
  // jenkinsci/helm-charts charts/jenkins/values.yaml. The file pins images,
  // not the chart: the chart row must not take the controller image.
  TempDir dir;
  dir.write("VERSIONS.md",
            std::string(k_table_head) +
                "| **Jenkins LTS** | `2.479.3-jdk17` | `jenkins/jenkins-values.yaml` | "
                "[Docker Hub](https://hub.docker.com/r/jenkins/jenkins) |\n"
                "| **Jenkins Helm Chart** | `5.8.1` | `jenkins/jenkins-values.yaml` | "
                "[Artifact Hub](https://artifacthub.io/packages/helm/jenkins/jenkins) |\n"
                "| **Jenkins Agent** | `3273.v4cfe589b_fd83-1` | `jenkins/jenkins-values.yaml` | "
                "[Docker Hub](https://hub.docker.com/r/jenkins/inbound-agent) |\n");
  dir.write("jenkins/jenkins-values.yaml",
            "controller:\n  image:\n    registry: \"docker.io\"\n    repository: "
            "\"jenkins/jenkins\"\n    tag: \"2.479.3-jdk17\"\n"
            "agent:\n  image:\n    repository: \"jenkins/inbound-agent\"\n"
            "    tag: \"3273.v4cfe589b_fd83-1\"\n");
  const auto r = drift_of(dir);
  CHECK(summaries(r) ==
        std::vector<std::string>{"component-missing|Jenkins Helm Chart|5.8.1||VERSIONS.md:4"});

  // Without links, the names decide the same way: a chart row never outbids
  // the image's own row for an image.
  TempDir plain;
  plain.write("VERSIONS.md", std::string(k_table_head) +
                                 "| Jenkins Helm Chart | `5.8.1` | `jenkins-values.yaml` | |\n"
                                 "| Jenkins LTS | `2.479.3-jdk17` | `jenkins-values.yaml` | |\n");
  plain.write("jenkins-values.yaml",
              "controller:\n  image:\n    repository: jenkins/jenkins\n    tag: 2.479.2-jdk17\n");
  CHECK(summaries(drift_of(plain)) ==
        std::vector<std::string>{
            "component-missing|Jenkins Helm Chart|5.8.1||VERSIONS.md:3",
            "version-mismatch|Jenkins LTS|2.479.3-jdk17|2.479.2-jdk17|jenkins-values.yaml:4"});
}
