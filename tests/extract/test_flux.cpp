// Flux CD: HelmRelease charts resolved against HelmRepository sources, OCIRepository refs.
#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "versiond/extract/extractors.hpp"
#include "versiond/extract/inventory.hpp"

using versiond::RepoRoot;
using versiond::extract::build_inventory;
using versiond::extract::extract_manifests;
using versiond::extract::resolve_flux_charts;

TEST_CASE("flux: the real podinfo release finds its repository in another file",
          "[extract][flux]") {
  versiond::test::TempDir dir;
  dir.write("apps/base/podinfo/release.yaml",
            versiond::test::read_fixture("extract/flux/podinfo-release.yaml"));
  dir.write("apps/base/podinfo/repository.yaml",
            versiond::test::read_fixture("extract/flux/podinfo-repository.yaml"));
  const auto inv = build_inventory(RepoRoot(dir.path()));
  CHECK(inv.errors.empty());
  REQUIRE(inv.components.size() == 1);
  const auto& c = inv.components[0];
  CHECK(c.kind == versiond::PinKind::flux_helm);
  CHECK(c.datasource == versiond::Datasource::helm);
  CHECK(c.package == "podinfo");
  CHECK(c.registry_url == "https://stefanprodan.github.io/podinfo");
  CHECK(c.current == "*");  // no version: Flux installs the newest
  CHECK(c.origin.file == "apps/base/podinfo/release.yaml");
  CHECK(c.origin.line == 11);  // the chart line, as there is no version line
  CHECK(!c.skipped());
}

TEST_CASE("flux: namespaces, OCI Helm repositories, Git charts and OCIRepository refs",
          "[extract][flux]") {
  const auto r = extract_manifests(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: bitnami, namespace: flux-system}
spec: {type: oci, url: "oci://registry-1.docker.io/bitnamicharts"}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: bitnami, namespace: team-a}
spec: {url: "https://charts.bitnami.com/bitnami"}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: redis, namespace: apps}
spec:
  chart:
    spec:
      chart: redis
      version: "20.x"
      sourceRef: {kind: HelmRepository, name: bitnami, namespace: flux-system}
  values:
    image:
      registry: docker.io
      repository: bitnami/redis
      tag: 7.4.1
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: local, namespace: apps}
spec:
  chart:
    spec:
      chart: ./charts/local
      sourceRef: {kind: GitRepository, name: platform}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: ambiguous, namespace: apps}
spec:
  chart:
    spec:
      chart: nginx
      version: 18.2.0
      sourceRef: {kind: HelmRepository, name: bitnami}
---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: podinfo}
spec:
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: ">=6.5.0 <7.0.0"
---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: podinfo-pinned}
spec:
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref: {tag: 6.7.1}
)",
                                   "clusters/prod/infra.yaml");
  CHECK(r.flux_sources.size() == 2);
  REQUIRE(r.components.size() == 3);  // the values image and two OCIRepository refs
  CHECK(r.components[0].kind == versiond::PinKind::helm_values_image);
  CHECK(r.components[0].package == "docker.io/bitnami/redis");
  CHECK(r.components[1].kind == versiond::PinKind::flux_oci);
  CHECK(r.components[1].package == "ghcr.io/stefanprodan/manifests/podinfo");
  CHECK(r.components[1].current == ">=6.5.0 <7.0.0");
  CHECK(r.components[1].scheme == versiond::versioning::SchemeId::helm);
  CHECK(!r.components[1].skipped());
  CHECK(r.components[2].current == "6.7.1");
  CHECK(r.components[2].origin.line == 58);

  const auto charts = resolve_flux_charts(r.flux_charts, r.flux_sources);
  REQUIRE(charts.size() == 3);
  CHECK(charts[0].package == "redis");
  CHECK(charts[0].registry_url == "oci://registry-1.docker.io/bitnamicharts");  // its namespace
  CHECK(charts[0].current == "20.x");
  CHECK(charts[0].origin.line == 18);
  CHECK(!charts[0].skipped());
  CHECK(charts[1].skip_text() == "chart from a GitRepository");
  // Two sources named bitnami and none in the release's namespace: not guessed.
  CHECK(charts[2].skip_text() == "Flux HelmRepository 'bitnami' not found in namespace 'apps'");
  CHECK(resolve_flux_charts(r.flux_charts, {})[0].skip_text() ==
        "Flux HelmRepository 'bitnami' not found");
}
