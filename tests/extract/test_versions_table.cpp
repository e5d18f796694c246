#include <algorithm>
#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::Component;
using versiond::extract::extract_versions_table;

namespace {

const Component& by_name(const std::vector<Component>& cs, const std::string& name) {
  const auto it =
      std::find_if(cs.begin(), cs.end(), [&](const Component& c) { return c.name == name; });
  if (it == cs.end()) {
    FAIL("no component named " << name);
  }
  return *it;
}

}  // namespace

TEST_CASE("real VERSIONS.md: every row of every version table", "[extract][versions]") {
  const auto cs = extract_versions_table(
      versiond::test::read_fixture("extract/real-world-VERSIONS.md"), "VERSIONS.md");
  REQUIRE(cs.size() == 20);
  for (const Component& c : cs) {
    CHECK(c.kind == versiond::PinKind::versions_table);
    CHECK(c.origin.file == "VERSIONS.md");
  }

  const Component& prom = by_name(cs, "Prometheus Agent");
  CHECK(prom.current == "v3.8.1");
  CHECK(prom.origin.line == 49);
  CHECK(prom.datasource == versiond::Datasource::github_releases);
  CHECK(prom.package == "prometheus/prometheus");
  CHECK(prom.registry_url == "https://github.com/prometheus/prometheus");
  CHECK(prom.scheme == versiond::versioning::SchemeId::semver);
  CHECK(!prom.skipped());
  CHECK(prom.locations ==
        std::vector<std::string>{"ops/manifests/prometheus-agent-deployment.yaml"});

  const Component& alpine = by_name(cs, "Alpine (Init Container)");
  CHECK(alpine.current == "3.20");
  CHECK(alpine.datasource == versiond::Datasource::docker);
  CHECK(alpine.package == "docker.io/library/alpine");
  CHECK(alpine.scheme == versiond::versioning::SchemeId::docker);

  const Component& tg = by_name(cs, "TelemetryGen");
  CHECK(tg.current == "sha256:d9243...");
  CHECK(tg.skip_text() == "truncated digest");
  CHECK(tg.datasource == versiond::Datasource::github_tags);  // a /tree/ link, not /releases
  CHECK(tg.package == "open-telemetry/opentelemetry-collector-contrib");

  const Component& nats = by_name(cs, "NATS Server");
  CHECK(nats.current == "2.4-alpine");
  CHECK(nats.scheme == versiond::versioning::SchemeId::loose);

  const Component& cm = by_name(cs, "cert-manager");
  CHECK(cm.current == "See ArgoCD App");
  CHECK(cm.skip_text() == "not a version: See ArgoCD App");
  CHECK(cm.locations.empty());  // "ArgoCD managed" is prose, not a path

  const Component& tf = by_name(cs, "Terraform");
  CHECK(tf.current == ">= 1.0");
  CHECK(tf.scheme == versiond::versioning::SchemeId::hashicorp);
  CHECK(!tf.skipped());
  CHECK(by_name(cs, "Azure Provider").current == "~> 3.0");
  CHECK(by_name(cs, "Azure Provider").scheme == versiond::versioning::SchemeId::hashicorp);

  const Component& k8s = by_name(cs, "Kubernetes Version");
  CHECK(k8s.skip_text() == "latest");
  CHECK(k8s.datasource ==
        versiond::Datasource::none);  // a learn.microsoft.com link names no upstream
  CHECK(by_name(cs, "Rocket.Chat Application").locations ==
        std::vector<std::string>{"values.yaml"});
}

TEST_CASE("other real tables: kube-infra, nephio and Stack-Notice", "[extract][versions]") {
  const auto kube = extract_versions_table(
      versiond::test::read_fixture("extract/kube-infra-VERSIONS.md"), "VERSIONS.md");
  const Component& prom = by_name(kube, "Prometheus");
  CHECK(prom.current == "v2.55.1");
  CHECK(by_name(kube, "kube-prometheus-stack").skip_text() == "no version");
  CHECK(by_name(kube, "NGINX Ingress").skip_text() == "latest");
  CHECK(by_name(kube, "CoreDNS").skip_text() == "not a version: bundled with k8s");
  CHECK(by_name(kube, "Kubernetes").current == "1.34");

  const auto nephio = extract_versions_table(
      versiond::test::read_fixture("extract/nephio-outdated-deployment-analysis.md"), "r.md");
  CHECK(by_name(nephio, "kpt").current == "v1.0.0-beta.54");
  CHECK(by_name(nephio, "kpt").scheme == versiond::versioning::SchemeId::semver);
  CHECK(by_name(nephio, "Kyverno").current == "v1.12.0");

  const auto notice = extract_versions_table(
      versiond::test::read_fixture("extract/stack-notice-README-2023-08-29.md"), "README.md");
  CHECK(notice.size() > 30);
  CHECK(by_name(notice, "argo-cd").current.rfind('v', 0) == 0);
}

TEST_CASE("table cells: markdown, several locations, links, constraints", "[extract][versions]") {
  const std::string md =
      "# Versions\n"
      "\n"
      "| Tool | Pinned | Files | Release Notes |\n"
      "|:-----|:------:|-------|---------------|\n"
      "| **Alpine (Init Container)** | `3.20` | `a/one.yaml`<br>`b/two.yaml` | "
      "[hub](https://hub.docker.com/_/alpine) |\n"
      "| *Azure* Provider | `~> 4.78.0` | terraform/main.tf, terraform/versions.tf | "
      "[registry](https://registry.terraform.io/providers/hashicorp/azurerm/latest) |\n"
      "| Grafana | `>= 1.8` | [values](charts/values.yaml) | "
      "[tags](https://github.com/grafana/grafana/tags) |\n"
      "| Traefik | 34.4.1 | ops/a.yaml; ops/b.yaml | "
      "[AH](https://artifacthub.io/packages/helm/traefik/traefik) |\n"
      "| Python | 3.12 | - | [eol](https://endoflife.date/python) |\n"
      "| Vault | 1.18.0 | x | [m](https://registry.terraform.io/modules/hashicorp/vault/aws) |\n"
      "| Pipe | `a\\|b` | | |\n"
      "|  | 1.0 | | |\n"
      "\n"
      "| Name | Description |\n"
      "|------|-------------|\n"
      "| not | a version table |\n";
  const auto cs = extract_versions_table(md, "docs/VERSIONS.md");
  REQUIRE(cs.size() == 7);  // the nameless row and the second table are ignored

  CHECK(cs[0].name == "Alpine (Init Container)");
  CHECK(cs[0].origin.line == 5);
  CHECK(cs[0].locations == std::vector<std::string>{"a/one.yaml", "b/two.yaml"});
  CHECK(cs[0].datasource == versiond::Datasource::docker);

  CHECK(cs[1].name == "Azure Provider");
  CHECK(cs[1].current == "~> 4.78.0");
  CHECK(cs[1].scheme == versiond::versioning::SchemeId::hashicorp);
  CHECK(cs[1].datasource == versiond::Datasource::terraform_provider);
  CHECK(cs[1].package == "hashicorp/azurerm");
  CHECK(cs[1].locations == std::vector<std::string>{"terraform/main.tf", "terraform/versions.tf"});

  CHECK(cs[2].current == ">= 1.8");
  CHECK(cs[2].scheme == versiond::versioning::SchemeId::helm);
  CHECK(cs[2].datasource == versiond::Datasource::github_tags);
  CHECK(cs[2].locations == std::vector<std::string>{"charts/values.yaml"});

  CHECK(cs[3].datasource == versiond::Datasource::helm);
  CHECK(cs[3].package == "traefik");
  CHECK(cs[3].locations == std::vector<std::string>{"ops/a.yaml", "ops/b.yaml"});

  CHECK(cs[4].datasource == versiond::Datasource::endoflife);
  CHECK(cs[4].package == "python");
  CHECK(cs[4].locations.empty());

  CHECK(cs[5].datasource == versiond::Datasource::terraform_module);
  CHECK(cs[5].package == "hashicorp/vault/aws");
  CHECK(cs[5].locations.empty());  // "x" is not path-like

  CHECK(cs[6].current == "a|b");
}

TEST_CASE("CRLF and documents without version tables", "[extract][versions]") {
  const std::string md = "| Component | Version |\r\n|---|---|\r\n| Loki | v3.3.1 |\r\n";
  const auto cs = extract_versions_table(md, "VERSIONS.md");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].name == "Loki");
  CHECK(cs[0].current == "v3.3.1");
  CHECK(cs[0].origin.line == 3);

  CHECK(extract_versions_table("# Nothing here\n\nJust prose | with a pipe.\n", "V.md").empty());
  CHECK(extract_versions_table("", "V.md").empty());
  CHECK(extract_versions_table("| Component | Version |\n", "V.md").empty());  // no delimiter row
}
