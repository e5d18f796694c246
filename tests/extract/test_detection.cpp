// Issue 11, detection: pins versiond missed or misread in real files, each
// against the construct that was missed. Inline samples are shaped after the
// public files named in tests/fixtures/extract/SOURCES.md ("issue 11" rows).
#include <catch2/catch.hpp>
#include <string>

#include "extract/extract_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/extract/extractors.hpp"
#include "versiond/extract/inventory.hpp"

using versiond::Component;
using versiond::Datasource;
using versiond::PinKind;
using versiond::SkipReason;
using namespace versiond::extract;

namespace {

std::string kind_of(const Component& c) { return std::string(versiond::to_string(c.kind)); }

const Component* find(const std::vector<Component>& cs, const std::string& package) {
  for (const Component& c : cs) {
    if (c.package == package) return &c;
  }
  return nullptr;
}

}  // namespace

// --- Terraform -------------------------------------------------------------

TEST_CASE("terraform: helm_release charts from https and oci repositories",
          "[extract][terraform][issue11]") {
  // Shaped after the helm provider's documented examples and a bitnamicharts
  // OCI release found by code search (see SOURCES.md).
  const auto cs = extract_terraform(R"(resource "helm_release" "redis" {
  name       = "my-redis-release"
  repository = "https://charts.bitnami.com/bitnami"
  chart      = "redis"
  version    = "6.0.1"
}

resource "helm_release" "postgres" {
  name       = "postgres"
  namespace  = one(kubernetes_namespace_v1.postgres.metadata).name
  chart      = "postgresql"
  repository = "oci://registry-1.docker.io/bitnamicharts/"
  version    = "16.3.4"
  values     = [file("${path.module}/values.yaml")]
}

resource "helm_release" "whole_oci" {
  name    = "podinfo"
  chart   = "oci://ghcr.io/stefanprodan/charts/podinfo"
  version = "6.7.1"
}

resource "helm_release" "from_var" {
  name       = "x"
  repository = var.repository
  chart      = "x"
  version    = var.chart_version
}

resource "helm_release" "local" {
  name  = "my-local-chart"
  chart = "./charts/example"
}
)",
                                    "infra/helm.tf");
  REQUIRE(cs.size() == 5);
  CHECK(kind_of(cs[0]) == "terraform-helm");
  CHECK(cs[0].package == "redis");
  CHECK(cs[0].current == "6.0.1");
  CHECK(cs[0].registry_url == "https://charts.bitnami.com/bitnami");
  CHECK(cs[0].datasource == Datasource::helm);
  CHECK(cs[0].origin.line == 5);
  CHECK(!cs[0].skipped());
  CHECK(cs[1].package == "postgresql");
  CHECK(cs[1].registry_url == "oci://registry-1.docker.io/bitnamicharts/");
  CHECK(cs[1].current == "16.3.4");
  CHECK(!cs[1].skipped());
  CHECK(cs[2].package == "podinfo");
  CHECK(cs[2].registry_url == "oci://ghcr.io/stefanprodan/charts");
  CHECK(cs[2].current == "6.7.1");
  CHECK(cs[3].skipped());  // repository and version are expressions
  CHECK(cs[4].skip == SkipReason::local_source);
}

TEST_CASE("terraform: docker and kubernetes resources' images", "[extract][terraform][issue11]") {
  const auto cs = extract_terraform(R"(resource "docker_image" "nginx" {
  name = "nginx:1.27.3"
}

resource "docker_container" "web" {
  name  = "web"
  image = docker_image.nginx.image_id
}

resource "docker_container" "cache" {
  name  = "cache"
  image = "redis:7.4.1-alpine"
}

resource "kubernetes_deployment_v1" "app" {
  metadata { name = "app" }
  spec {
    template {
      metadata { labels = { app = "app" } }
      spec {
        init_container {
          name  = "migrate"
          image = "ghcr.io/org/migrate:v2.1.0"
        }
        container {
          name  = "app"
          image = "quay.io/prometheus/prometheus:v3.8.1"
        }
        container {
          name  = "sidecar"
          image = "busybox:${var.busybox_tag}"
        }
      }
    }
  }
}
)",
                                    "infra/apps.tf");
  REQUIRE(cs.size() == 5);
  for (const Component& c : cs) CHECK(kind_of(c) == "terraform-image");
  CHECK(cs[0].package == "docker.io/library/nginx");
  CHECK(cs[0].current == "1.27.3");
  CHECK(cs[1].package == "docker.io/library/redis");  // the image reference pins nothing
  CHECK(cs[2].package == "ghcr.io/org/migrate");
  CHECK(cs[2].current == "v2.1.0");
  CHECK(cs[3].package == "quay.io/prometheus/prometheus");
  CHECK(cs[3].origin.line == 27);
  CHECK(cs[4].skip == SkipReason::templated);
}

TEST_CASE("terraform: modules from git, registry subdirectories, buckets",
          "[extract][terraform][issue11]") {
  const auto cs = extract_terraform(R"(module "vpc" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-vpc.git//modules/vpc-endpoints?ref=v5.16.0"
}
module "short" {
  source = "github.com/hashicorp/example//modules/x?ref=v1.2.3"
}
module "ssh" {
  source = "git@github.com:org/infra-modules.git?ref=v0.4.0"
}
module "ssh_url" {
  source = "git::ssh://git@github.com/org/infra-modules.git//net?ref=main"
}
module "gitlab" {
  source = "git::https://gitlab.com/org/mod.git?ref=v1.0.0"
}
module "iam" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-user"
  version = "5.48.0"
}
module "bucket" {
  source = "s3::https://s3-eu-west-1.amazonaws.com/examplecorp-terraform-modules/vpc.zip"
}
module "gcs" {
  source = "gcs::https://www.googleapis.com/storage/v1/modules/foomodule.zip"
}
module "gs" {
  source = "gs://bucket/module.zip"
}
module "local" {
  source = "./modules/local"
}
)",
                                    "infra/modules.tf");
  REQUIRE(cs.size() == 9);
  CHECK(cs[0].package == "terraform-aws-modules/terraform-aws-vpc");
  CHECK(cs[0].datasource == Datasource::github_tags);
  CHECK(cs[0].current == "v5.16.0");
  CHECK(!cs[0].skipped());
  CHECK(cs[1].package == "hashicorp/example");
  CHECK(cs[1].current == "v1.2.3");
  CHECK(cs[2].package == "org/infra-modules");
  CHECK(cs[2].current == "v0.4.0");
  CHECK(cs[3].package == "org/infra-modules");
  CHECK(cs[3].skip == SkipReason::not_a_version);  // main
  CHECK(cs[4].skip_text() == "git module on a host other than GitHub");
  CHECK(cs[5].package == "terraform-aws-modules/iam/aws");  // without //modules/iam-user
  CHECK(cs[5].datasource == Datasource::terraform_module);
  CHECK(cs[5].current == "5.48.0");
  // Buckets are listed with a reason, their address untouched.
  CHECK(cs[6].skip_text() == "module from an S3 bucket");
  CHECK(cs[6].package ==
        "s3::https://s3-eu-west-1.amazonaws.com/examplecorp-terraform-modules/vpc.zip");
  CHECK(cs[7].skip_text() == "module from a GCS bucket");
  CHECK(cs[8].skip_text() == "module from a GCS bucket");
  CHECK(cs[8].package == "gs://bucket/module.zip");
}

TEST_CASE("terraform: required_providers in any file of a root, lock addresses with a host",
          "[extract][terraform][issue11]") {
  versiond::test::TempDir dir;
  dir.write("infra/versions.tf",
            "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n"
            "      version = \"~> 5.80\"\n    }\n  }\n}\n");
  dir.write(
      "infra/providers.tf",
      "terraform {\n  required_providers {\n    helm = {\n      source  = "
      "\"registry.opentofu.org/hashicorp/helm\"\n      version = \"2.17.0\"\n    }\n  }\n}\n");
  dir.write("infra/.terraform.lock.hcl",
            "provider \"registry.opentofu.org/hashicorp/helm\" {\n  version     = \"2.17.0\"\n"
            "  constraints = \"2.17.0\"\n}\n");
  const auto inv = build_inventory(versiond::RepoRoot(dir.path()));
  CHECK(inv.errors.empty());
  REQUIRE(inv.components.size() == 3);
  CHECK(inv.components[0].package == "hashicorp/helm");  // the lock entry
  CHECK(inv.components[0].registry_url == "https://registry.opentofu.org");
  CHECK(inv.components[1].package == "hashicorp/helm");
  CHECK(inv.components[1].origin.file == "infra/providers.tf");
  CHECK(inv.components[2].package == "hashicorp/aws");
  CHECK(inv.components[2].origin.file == "infra/versions.tf");
}

// --- GitHub Actions ----------------------------------------------------------

TEST_CASE("github actions: sha pins with a version comment, short shas, URLs",
          "[extract][actions][issue11]") {
  // Sha/version pairs as published in cboyd0319/PyGuard .github/ACTIONS_VERSIONS.md.
  const auto cs = extract_github_actions(R"(on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - uses: actions/setup-python@e797f83bcb11b83ae66e0230d6156d7c80228e7c  # tag=v6.0.0
      - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830
      - uses: actions/upload-artifact@ea165f8 # v4.6.2
      - uses: https://github.com/codecov/codecov-action@v5.5.1
      - uses: docker://alpine:3.21.0
  reuse:
    uses: org/shared/.github/workflows/release.yml@v1.4.0
)",
                                         ".github/workflows/ci.yml");
  REQUIRE(cs.size() == 7);
  CHECK(cs[0].package == "actions/checkout");
  CHECK(cs[0].current == "v5.0.0");
  CHECK(cs[0].digest == "08c6903cd8c0fde910a37f88322edcfb5dd907a8");
  CHECK(!cs[0].skipped());
  CHECK(cs[1].current == "v6.0.0");
  CHECK(!cs[1].skipped());
  CHECK(cs[2].skip == SkipReason::commit_sha);  // no comment: nothing says which release
  CHECK(cs[3].skip == SkipReason::commit_sha);
  CHECK(cs[3].skip_text().find("short commit sha") == 0);
  CHECK(cs[3].digest == "ea165f8");
  CHECK(cs[4].package == "codecov/codecov-action");
  CHECK(cs[4].current == "v5.5.1");
  CHECK(cs[5].kind == PinKind::github_action_image);
  CHECK(cs[5].current == "3.21.0");
  CHECK(cs[6].package == "org/shared");
  CHECK(cs[6].current == "v1.4.0");
}

// --- Flux --------------------------------------------------------------------

TEST_CASE("flux: OCIRepository with tag and digest keeps the tag", "[extract][flux][issue11]") {
  const auto r = extract_manifests(R"(apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 10m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    tag: 6.7.1
    digest: sha256:2a1b9aa2bd5dc3e6f5a4e3c8d1f0b7a9e6c5d4b3a2f1e0d9c8b7a6f5e4d3c2b1
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
spec:
  chartRef:
    kind: OCIRepository
    name: podinfo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
spec:
  type: oci
  url: oci://ghcr.io/org/charts
)",
                                   "clusters/podinfo.yaml");
  REQUIRE(r.components.size() == 1);  // the chartRef release is the OCIRepository's pin
  const Component& c = r.components[0];
  CHECK(c.kind == PinKind::flux_oci);
  CHECK(c.current == "6.7.1");
  CHECK(c.digest.rfind("sha256:2a1b9aa2", 0) == 0);
  CHECK(!c.skipped());
  CHECK(c.origin.line == 10);
  REQUIRE(r.flux_sources.size() == 1);
  CHECK(r.flux_sources[0].url == "oci://ghcr.io/org/charts");
}

// --- Dockerfiles -------------------------------------------------------------

TEST_CASE("dockerfile: BOM, ARG defaults from ARGs, COPY --from images",
          "[extract][dockerfile][issue11]") {
  const auto cs = extract_dockerfile(
      "\xEF\xBB\xBF"
      R"(# syntax=docker/dockerfile:1.12
# escape=`
ARG BASE_TAG=
ARG GO_VERSION=${GO_OVERRIDE:-1.23.4}
ARG DEBIAN=${DEBIAN_TAG:-bookworm-20241202}-slim
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
COPY --from=ghcr.io/org/tools:v1.2.0 /bin/tool /bin/tool
COPY --from=build /src /src
FROM debian:$DEBIAN AS runtime
COPY --from=0 /x /x
COPY --from=runtime /y /y
FROM alpine:$BASE_TAG
FROM build
)",
      "images/app/Dockerfile");
  REQUIRE(cs.size() == 5);
  CHECK(cs[0].package == "docker.io/docker/dockerfile");  // the BuildKit frontend directive
  CHECK(cs[0].current == "1.12");
  CHECK(cs[0].origin.line == 1);
  CHECK(cs[1].package == "docker.io/library/golang");
  CHECK(cs[1].current == "1.23.4");
  CHECK(cs[1].origin.line == 4);  // the ARG that pins it
  CHECK(cs[2].package == "ghcr.io/org/tools");
  CHECK(cs[2].current == "v1.2.0");
  CHECK(cs[3].package == "docker.io/library/debian");
  CHECK(cs[3].current == "bookworm-20241202-slim");
  CHECK(cs[4].skip == SkipReason::templated);  // ARG BASE_TAG= : set with --build-arg
}

// --- Kustomize ---------------------------------------------------------------

TEST_CASE("kustomize: ref wins over version, ssh forms, digests", "[extract][kustomize][issue11]") {
  const auto cs = extract_kustomization(R"(images:
  - name: nginx
    newTag: 1.27.3
    digest: sha256:0d1b2f3c4e5a6978897a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e
resources:
  - https://github.com/org/base//deploy?ref=v1.0.0&version=v0.9.0
  - ssh://git@github.com/org/ssh-base//deploy?ref=v2.0.0
  - ssh://git@github.com:22/org/port-base?ref=v2.1.0
  - git@github.com:org/scp-base.git//deploy?ref=v3.0.0
)",
                                        "overlays/prod/kustomization.yaml");
  REQUIRE(cs.size() == 5);
  CHECK(cs[0].kind == PinKind::kustomize_image);
  CHECK(cs[0].current == "1.27.3");
  CHECK(cs[0].digest.rfind("sha256:0d1b", 0) == 0);
  CHECK(cs[1].package == "org/base");
  CHECK(cs[1].current == "v1.0.0");
  CHECK(cs[2].package == "org/ssh-base");
  CHECK(cs[2].current == "v2.0.0");
  CHECK(cs[3].package == "org/port-base");
  CHECK(cs[3].current == "v2.1.0");
  CHECK(cs[4].package == "org/scp-base");
  CHECK(cs[4].current == "v3.0.0");
}

// --- ArgoCD ------------------------------------------------------------------

TEST_CASE("argocd: oci sources without chart, ApplicationSet parameters, ref sources",
          "[extract][argocd][issue11]") {
  const auto r = extract_manifests(R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: podinfo
spec:
  sources:
    - repoURL: oci://ghcr.io/stefanprodan/manifests/podinfo
      targetRevision: 6.7.1
      path: .
    - repoURL: https://github.com/org/config.git
      targetRevision: main
      ref: values
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: per-cluster
spec:
  template:
    spec:
      source:
        repoURL: https://charts.jetstack.io
        chart: cert-manager
        targetRevision: '{{ .values.certManagerVersion }}'
)",
                                   "apps/podinfo.yaml");
  REQUIRE(r.components.size() == 2);  // the ref: source is no dependency
  CHECK(kind_of(r.components[0]) == "argocd-oci");
  CHECK(r.components[0].package == "ghcr.io/stefanprodan/manifests/podinfo");
  CHECK(r.components[0].current == "6.7.1");
  CHECK(r.components[0].datasource == Datasource::docker);
  CHECK(!r.components[0].skipped());
  CHECK(r.components[1].package == "cert-manager");
  CHECK(r.components[1].skip == SkipReason::templated);
}

// --- Helm values -------------------------------------------------------------

TEST_CASE("helm values: nested image keys, global.imageRegistry, anchors, comments",
          "[extract][values][issue11]") {
  const auto cs = extract_helm_values(R"(global:
  imageRegistry: registry.example.com
defaults: &img
  repository: bitnami/redis
  tag: 7.4.1
api:
  image:
    image: ghcr.io/org/api:v2.3.4
redis:
  image: *img
sentinel:
  image:
    <<: *img
    tag: 7.4.2
metrics:
  exporterImage:
    repository: bitnami/redis-exporter
    tag: 1.66.0
  pullImage: true
# image:
#   repository: commented/out
#   tag: 0.0.1
---
image: nginx:1.27.3
)",
                                      "charts/app/values.yaml");
  REQUIRE(cs.size() == 5);
  CHECK(cs[0].package == "ghcr.io/org/api");  // image.image, below api
  CHECK(cs[0].current == "v2.3.4");
  CHECK(cs[1].package == "registry.example.com/bitnami/redis");  // through the alias
  CHECK(cs[1].current == "7.4.1");
  CHECK(cs[2].package == "registry.example.com/bitnami/redis");  // merge key, own tag wins
  CHECK(cs[2].current == "7.4.2");
  CHECK(cs[3].package == "registry.example.com/bitnami/redis-exporter");
  CHECK(cs[4].package == "docker.io/library/nginx");  // the second document
  CHECK(find(cs, "docker.io/commented/out") == nullptr);
}

// --- Unreadable files ----------------------------------------------------------

TEST_CASE("inventory: unparsable, binary, huge and templated files are per-file diagnostics",
          "[extract][inventory][issue11]") {
  versiond::test::TempDir dir;
  dir.write("ops/nats.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
            "      containers:\n        - image: nats:2.10.24\n");
  // Helm template syntax outside a chart's templates/ folder (no Chart.yaml next to it).
  dir.write("deploy/jenkins-values.yaml",
            "controller:\n  image: \"{{ .Values.image }}\"\n{{- if .Values.sidecar }}\n"
            "  sidecar:\n    image: {{ .Values.sidecar.image }}\n{{- end }}\n");
  std::string png = "\x89PNG\r\n";
  png.push_back('\0');
  dir.write("values.yaml", png);
  dir.write("big/values.yaml",
            "image: nginx:1.27.3\n" + std::string(std::size_t{11} * 1024 * 1024, '#'));
  dir.write("bad/kustomization.yaml", "images: [\n");
  dir.write("Dockerfile", "FROM python:3.13-slim\n");
  const auto inv = build_inventory(versiond::RepoRoot(dir.path()));
  REQUIRE(inv.components.size() == 2);  // the readable files are all inventoried
  CHECK(inv.components[0].package == "docker.io/library/python");
  CHECK(inv.components[1].package == "docker.io/library/nats");
  REQUIRE(inv.errors.size() == 4);
  // file:line: reason, in file order.
  CHECK(inv.errors[0].rfind("bad/kustomization.yaml:2: YAML syntax error", 0) == 0);
  CHECK(inv.errors[1].rfind("big/values.yaml:1: file is ", 0) == 0);
  CHECK(inv.errors[2].rfind("deploy/jenkins-values.yaml:4: YAML syntax error", 0) == 0);
  CHECK(inv.errors[2].find("Go template syntax") != std::string::npos);
  CHECK(inv.errors[3] == "values.yaml:1: binary file (contains a NUL byte)");
}
