#include <catch2/catch.hpp>

#include "extract/extract_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::extract::extract_manifests;

namespace {

std::string error_of(const std::string& text) {
  return versiond::test::error_message([&] { extract_manifests(text, "ops/x.yaml"); });
}

}  // namespace

TEST_CASE("images in every workload kind, containers and initContainers", "[extract][k8s]") {
  const std::string yaml = R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: nats:2.4-alpine
  ephemeralContainers:
    - name: debug
      image: busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
---
# a comment-only document separator follows
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: init
              image: "registry.k8s.io/git-sync/git-sync:v4.4.0"  # quoted + comment
          containers:
            - name: main
              image: 'host:5000/team/app:1.2.3'
            - name: nolatest
              image: alpine
            - name: templated
              image: ${IMAGE}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  template:
    spec:
      containers: [{name: x, image: "mongo:8.0.4"}]
---
kind: NotKubernetes
image: ignored:1.0
containers: [{image: also-ignored:1.0}]
)";
  const auto r = extract_manifests(yaml, "ops/all.yaml");
  const auto& cs = r.components;
  REQUIRE(cs.size() == 7);
  CHECK(cs[0].package == "docker.io/library/nats");
  CHECK(cs[0].current == "2.4-alpine");
  CHECK(cs[0].origin.line == 7);
  CHECK(cs[0].kind == versiond::PinKind::k8s_image);
  CHECK(cs[0].datasource == versiond::Datasource::docker);
  CHECK(cs[0].scheme == versiond::versioning::SchemeId::docker);
  CHECK(cs[0].registry_url == "https://registry-1.docker.io");
  CHECK(cs[1].package == "docker.io/library/busybox");
  CHECK(cs[1].skip_text() == "digest");
  CHECK(cs[1].digest.rfind("sha256:0123", 0) == 0);
  CHECK(cs[2].package == "registry.k8s.io/git-sync/git-sync");
  CHECK(cs[2].current == "v4.4.0");
  CHECK(cs[2].origin.line == 25);
  CHECK(cs[3].package == "host:5000/team/app");
  CHECK(cs[3].current == "1.2.3");
  CHECK(cs[4].current == "latest");
  CHECK(cs[4].skip_text() == "no tag (implicit latest)");
  CHECK(cs[5].current == "${IMAGE}");
  CHECK(cs[5].skip_text() == "not a valid image reference");
  CHECK(cs[5].package.empty());
  CHECK(cs[6].package == "docker.io/library/mongo");
  CHECK(cs[6].origin.line == 40);
}

TEST_CASE("CRLF manifests keep line numbers", "[extract][k8s]") {
  const std::string yaml =
      "apiVersion: apps/v1\r\nkind: Deployment\r\nspec:\r\n  template:\r\n    spec:\r\n"
      "      containers:\r\n        - name: a\r\n          image: \"prom/prometheus:v3.8.1\" # "
      "c\r\n";
  const auto r = extract_manifests(yaml, "d.yaml");
  REQUIRE(r.components.size() == 1);
  CHECK(r.components[0].current == "v3.8.1");
  CHECK(r.components[0].origin.line == 8);
}

TEST_CASE("ArgoCD: single source, multi-source, OCI, git and ref-only sources",
          "[extract][argocd]") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: traefik
spec:
  source:
    repoURL: https://traefik.github.io/charts
    chart: traefik
    targetRevision: 34.4.1
    helm:
      values: |
        image:
          registry: docker.io
          repository: traefik
          tag: v3.3.4
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: rocketchat
spec:
  sources:
    - repoURL: https://rocketchat.github.io/helm-charts
      chart: rocketchat
      targetRevision: "6.29.0"
      helm:
        valueFiles:
          - $values/values.yaml
          - $values/envs/prod-values.yaml
          - local-values.yaml
        valuesObject:
          mongodb:
            image: {repository: mongo, tag: 8.0.4}
    - repoURL: https://github.com/example/gitops.git
      targetRevision: main
      ref: values
    - repoURL: https://github.com/example/gitops.git
      targetRevision: main
      path: ops/manifests
    - repoURL: ghcr.io/external-secrets/charts
      chart: external-secrets
      targetRevision: 0.10.5
    - repoURL: oci://registry-1.docker.io/bitnamicharts
      chart: redis
      targetRevision: 20.1.0
    - repoURL: https://charts.example.com
      chart: nover
)";
  const auto r = extract_manifests(yaml, "apps/apps.yaml");
  const auto& cs = r.components;
  REQUIRE(cs.size() == 7);
  CHECK(cs[0].kind == versiond::PinKind::argocd_helm);
  CHECK(cs[0].name == "traefik");
  CHECK(cs[0].current == "34.4.1");
  CHECK(cs[0].registry_url == "https://traefik.github.io/charts");
  CHECK(cs[0].datasource == versiond::Datasource::helm);
  CHECK(cs[0].scheme == versiond::versioning::SchemeId::helm);
  CHECK(cs[0].origin.line == 9);
  CHECK(cs[1].kind == versiond::PinKind::helm_values_image);
  CHECK(cs[1].package == "docker.io/library/traefik");
  CHECK(cs[1].current == "v3.3.4");
  CHECK(cs[1].origin.line == 15);  // inside the `values: |` block
  CHECK(cs[2].name == "rocketchat");
  CHECK(cs[2].current == "6.29.0");
  CHECK(cs[3].package == "docker.io/library/mongo");
  CHECK(cs[3].current == "8.0.4");
  CHECK(cs[3].origin.line == 33);
  CHECK(cs[4].name == "external-secrets");
  CHECK(cs[4].registry_url == "oci://ghcr.io/external-secrets/charts");
  CHECK(cs[5].registry_url == "oci://registry-1.docker.io/bitnamicharts");
  CHECK(cs[6].skip_text() == "no targetRevision");
  CHECK(r.value_files == std::vector<std::string>{"values.yaml", "envs/prod-values.yaml"});
}

TEST_CASE("ArgoCD ApplicationSet templates", "[extract][argocd]") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: spokes
spec:
  generators:
    - clusters: {}
  template:
    metadata:
      name: '{{name}}-cert-manager'
    spec:
      source:
        repoURL: https://charts.jetstack.io
        chart: cert-manager
        targetRevision: v1.16.2
)";
  const auto r = extract_manifests(yaml, "apps/set.yaml");
  REQUIRE(r.components.size() == 1);
  CHECK(r.components[0].name == "cert-manager");
  CHECK(r.components[0].current == "v1.16.2");
  CHECK(r.components[0].origin.line == 15);
}

TEST_CASE("malformed YAML gives file:line errors", "[extract][k8s]") {
  CHECK(error_of("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: [unclosed\n") ==
        "ops/x.yaml:6: YAML syntax error: while parsing a flow sequence: did not find expected ',' "
        "or ']'");
  CHECK(error_of("a: b\n  c: d\n") ==
        "ops/x.yaml:2: YAML syntax error: mapping values are not allowed in this context");
  CHECK(error_of("key: \"unterminated\n").find("ops/x.yaml:") == 0);
  CHECK(error_of("\t- tab\n").find("ops/x.yaml:1: YAML syntax error") == 0);
}

TEST_CASE("deeply nested YAML is refused, never a crash", "[extract][k8s][bad-input]") {
  std::string flow(100000, '[');
  CHECK(error_of(flow) == "ops/x.yaml:1: YAML nested deeper than 128 levels; refusing to parse");
  std::string block;
  for (int i = 0; i < 100000; ++i) {
    block += "- ";
  }
  block += "x\n";
  CHECK(error_of(block) == "ops/x.yaml:1: YAML nested deeper than 128 levels; refusing to parse");
  std::string indented;
  for (int i = 0; i < 200; ++i) {
    indented += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  }
  CHECK(error_of(indented).find("YAML nested deeper than 128 levels") != std::string::npos);
  // 100 levels are fine.
  std::string ok =
      "apiVersion: v1\nkind: List\nx: " + std::string(100, '[') + std::string(100, ']') + "\n";
  CHECK(error_of(ok).empty());
}

TEST_CASE("alias expansion is bounded (no billion laughs)", "[extract][k8s][bad-input]") {
  std::string yaml = "apiVersion: v1\nkind: List\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'z'; ++c) {
    yaml += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) {
      yaml += std::string(i ? ", " : "") + "*" + prev;
    }
    yaml += "]\n";
    prev = c;
  }
  // 10^25 nodes if expanded: refused with a file:line diagnostic once the cap is passed.
  CHECK(error_of(yaml).find("ops/x.yaml:") == 0);
  CHECK(error_of(yaml).find("YAML aliases expand to more than 100000 nodes") != std::string::npos);
}
