// Chart.yaml dependencies and kustomization.yaml images/helmCharts.
#include <catch2/catch.hpp>

#include "extract/extract_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::extract::extract_helm_chart;
using versiond::extract::extract_kustomization;

namespace {

std::string error_of(std::string_view text, bool kustomize) {
  return versiond::test::error_message([&] {
    kustomize ? extract_kustomization(text, "kustomization.yaml")
              : extract_helm_chart(text, "Chart.yaml");
  });
}

}  // namespace

TEST_CASE("Chart.yaml: the real Rocket.Chat chart's dependencies", "[extract][chart]") {
  const auto cs = extract_helm_chart(
      versiond::test::read_fixture("extract/helm/rocketchat-Chart.yaml"), "rocketchat/Chart.yaml");
  REQUIRE(cs.size() == 3);
  CHECK(cs[0].name == "mongodb");
  CHECK(cs[0].package == "mongodb");
  CHECK(cs[0].kind == versiond::PinKind::helm_dependency);
  CHECK(cs[0].datasource == versiond::Datasource::helm);
  CHECK(cs[0].scheme == versiond::versioning::SchemeId::helm);
  CHECK(cs[0].registry_url == "https://charts.bitnami.com/bitnami");
  CHECK(cs[0].current == "13.x.x");  // a range: decide() treats it as a constraint
  CHECK(cs[0].origin.file == "rocketchat/Chart.yaml");
  CHECK(cs[0].origin.line == 8);  // the version line
  CHECK(!cs[0].skipped());
  CHECK(cs[2].package == "nats");
  CHECK(cs[2].registry_url == "https://nats-io.github.io/k8s/helm/charts");
  CHECK(cs[2].current == "0.15.x");
}

TEST_CASE("Chart.yaml: OCI, local, aliased and unversioned dependencies", "[extract][chart]") {
  const auto cs = extract_helm_chart(R"(apiVersion: v2
name: umbrella
version: 1.0.0
dependencies:
  - name: redis
    version: "~20.1.0"
    repository: oci://registry-1.docker.io/bitnamicharts
  - name: common
    version: 0.1.0
    repository: file://../common
  - name: nginx
    version: 18.2.0
    repository: "@bitnami"
  - name: cert-manager
    repository: https://charts.jetstack.io
)",
                                     "charts/umbrella/Chart.yaml");
  REQUIRE(cs.size() == 4);
  CHECK(cs[0].registry_url == "oci://registry-1.docker.io/bitnamicharts");
  CHECK(cs[0].current == "~20.1.0");
  CHECK(!cs[0].skipped());
  CHECK(cs[1].skip_text() == "local chart (file://)");
  CHECK(cs[2].skip_text() == "repository alias '@bitnami'");
  CHECK(cs[3].skip_text() == "no version");
  CHECK(cs[3].origin.line == 14);  // no version line: the entry's own line
  // A chart without dependencies pins nothing.
  CHECK(extract_helm_chart("apiVersion: v2\nname: app\nversion: 1.0.0\n", "Chart.yaml").empty());
}

TEST_CASE("Chart.yaml: malformed dependencies are file:line errors", "[extract][chart]") {
  CHECK(error_of("dependencies: redis\n", false) == "Chart.yaml:1: 'dependencies' must be a list");
  CHECK(error_of("dependencies:\n  - version: 1.0.0\n", false) ==
        "Chart.yaml:2: a dependency needs a 'name'");
  CHECK(error_of("dependencies: [\n", false).rfind("Chart.yaml:", 0) == 0);
}

TEST_CASE("kustomization: the real Argo CD base overrides its image tag", "[extract][kustomize]") {
  const auto cs = extract_kustomization(
      versiond::test::read_fixture("extract/kustomize/argo-cd-kustomization.yaml"),
      "manifests/base/kustomization.yaml");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].kind == versiond::PinKind::kustomize_image);
  CHECK(cs[0].datasource == versiond::Datasource::docker);
  CHECK(cs[0].package == "quay.io/argoproj/argocd");
  CHECK(cs[0].current == "v2.7.6");
  CHECK(cs[0].origin.line == 8);
  CHECK(!cs[0].skipped());
}

TEST_CASE("kustomization: templated helmCharts are listed but not looked up",
          "[extract][kustomize]") {
  const auto cs = extract_kustomization(
      versiond::test::read_fixture("extract/kustomize/mojaloop-monitoring-kustomization.yaml.tpl"),
      "monitoring/kustomization.yaml");
  REQUIRE(cs.size() == 5);
  CHECK(cs[0].kind == versiond::PinKind::kustomize_helm);
  CHECK(cs[0].package == "kube-prometheus");
  CHECK(cs[0].registry_url == "oci://registry-1.docker.io/bitnamicharts");
  CHECK(cs[0].current == "${prometheus_operator_version}");
  for (const auto& c : cs) CHECK(c.skip_text() == "templated version");
  CHECK(cs[2].registry_url == "https://grafana.github.io/helm-charts");
}

TEST_CASE("kustomization: image overrides with newName, digests and no tag",
          "[extract][kustomize]") {
  const auto cs = extract_kustomization(R"(apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: rocketchat/rocket.chat
    newName: registry.rocket.chat/rocketchat/rocket.chat
    newTag: 7.13.2
  - name: nats
    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
  - name: mongo
    newName: docker.io/library/mongo
  - name: app
    newTag: ${APP_TAG}
helmCharts:
  - name: mongodb-operator
    repo: https://mongodb.github.io/helm-charts
    version: 0.13.0
)",
                                        "overlays/prod/kustomization.yaml");
  REQUIRE(cs.size() == 5);
  CHECK(cs[0].package == "registry.rocket.chat/rocketchat/rocket.chat");
  CHECK(cs[0].current == "7.13.2");
  CHECK(cs[0].origin.line == 6);
  CHECK(!cs[0].skipped());
  CHECK(cs[1].package == "docker.io/library/nats");
  CHECK(cs[1].skip_text() == "digest");
  CHECK(cs[2].package == "docker.io/library/mongo");
  CHECK(cs[2].current.empty());
  CHECK(cs[2].skip_text() == "no newTag (the tag is the manifests')");
  CHECK(cs[3].skip_text() == "templated image");
  CHECK(cs[4].kind == versiond::PinKind::kustomize_helm);
  CHECK(cs[4].package == "mongodb-operator");
  CHECK(cs[4].current == "0.13.0");
  CHECK(cs[4].origin.line == 16);
  CHECK(!cs[4].skipped());
}

TEST_CASE("kustomization: malformed entries are file:line errors", "[extract][kustomize]") {
  CHECK(error_of("images: nginx\n", true) == "kustomization.yaml:1: 'images' must be a list");
  CHECK(error_of("images:\n  - newTag: 1.0\n", true) ==
        "kustomization.yaml:2: an images entry needs a 'name'");
  CHECK(error_of("helmCharts:\n  - repo: https://x\n", true) ==
        "kustomization.yaml:2: a helmCharts entry needs a 'name'");
}

TEST_CASE("kustomization: remote resources on GitHub", "[extract][kustomize]") {
  const auto cs = extract_kustomization(R"(resources:
  - ./local/overlay
  - github.com/kubernetes-sigs/kustomize//examples/multibases?ref=v1.0.6
  - https://github.com/argoproj/argo-cd/manifests/cluster-install?ref=v2.13.1&timeout=90s
  - git::https://github.com/org/infra.git//base?ref=main
  - git@github.com:org/platform.git//monitoring?version=v0.4.0
  - https://github.com/cert-manager/cert-manager/releases/download/v1.16.2/cert-manager.crds.yaml
  - https://raw.githubusercontent.com/grafana/grafana-operator/v5.6.0/deploy/kustomize/base/crds.yaml
  - https://example.com/manifests/app.yaml
  - github.com/org/no-ref//base
components:
  - github.com/org/components//tls?ref=1.2.0
)",
                                        "clusters/prod/kustomization.yaml");
  std::vector<std::string> seen;
  for (const auto& c : cs) {
    seen.push_back(std::string(versiond::to_string(c.datasource)) + " " + c.package + " " +
                   c.current + " :" + std::to_string(c.origin.line) +
                   (!c.skipped() ? "" : " skip"));
  }
  CHECK(seen == std::vector<std::string>{
                    "github-tags kubernetes-sigs/kustomize v1.0.6 :3",
                    "github-tags argoproj/argo-cd v2.13.1 :4",
                    "github-tags org/infra main :5 skip",
                    "github-tags org/platform v0.4.0 :6",
                    "github-releases cert-manager/cert-manager v1.16.2 :7",
                    "github-tags grafana/grafana-operator v5.6.0 :8",
                    "github-tags org/no-ref  :10 skip",
                    "github-tags org/components 1.2.0 :12",
                });
  REQUIRE(cs.size() == 8);
  CHECK(cs[0].kind == versiond::PinKind::kustomize_remote);
  CHECK(cs[2].skip_text() == "ref is not a version ('main')");
  CHECK(cs[6].skip_text() == "no ref (the default branch)");
}
