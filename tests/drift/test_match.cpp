#include <catch2/catch.hpp>

#include "versiond/drift/match.hpp"

using versiond::Component;
using namespace versiond::drift;

namespace {

Component row(const std::string& name, const std::string& package = "") {
  Component c;
  c.kind = versiond::PinKind::versions_table;
  c.name = name;
  c.package = package;
  return c;
}

Component pin(const std::string& package, const std::string& current = "1.0.0",
              versiond::PinKind kind = versiond::PinKind::k8s_image) {
  Component c;
  c.kind = kind;
  c.name = package;
  c.package = package;
  c.current = current;
  return c;
}

double score(const Component& r, const Component& p) { return pin_score(row_tokens(r), p); }

}  // namespace

TEST_CASE("tokens: markdown-free names, qualifiers dropped, joined words", "[plan][match]") {
  CHECK(row_tokens(row("Alpine (Init Container)", "docker.io/library/alpine")) == Tokens{"alpine"});
  CHECK(row_tokens(row("Rocket.Chat Helm Chart")) == Tokens{"rocket", "chat", "rocketchat"});
  CHECK(row_tokens(row("Azure Provider", "hashicorp/terraform-provider-azurerm")) ==
        Tokens{"azure", "azurerm"});
  CHECK(component_tokens(pin("docker.io/natsio/nats-server-config-reloader")) ==
        Tokens{"nats", "server", "config", "reloader", "natsserverconfigreloader"});
  Component chart = pin("mongodb-kubernetes", "1.6.1", versiond::PinKind::argocd_helm);
  chart.registry_url = "https://mongodb.github.io/helm-charts";
  CHECK(component_tokens(chart) == Tokens{"mongodb", "kubernetes", "mongodbkubernetes"});
}

TEST_CASE("scores pick the right image among look-alikes", "[plan][match]") {
  const Component nats = pin("docker.io/library/nats");
  const Component box = pin("docker.io/natsio/nats-box");
  const Component reloader = pin("docker.io/natsio/nats-server-config-reloader");
  const Component exporter = pin("docker.io/natsio/prometheus-nats-exporter");

  const Component server_row = row("NATS Server", "nats-io/nats-server");
  CHECK(score(server_row, nats) > score(server_row, reloader));
  CHECK(score(server_row, nats) > score(server_row, box));
  const Component box_row = row("NATS Box", "nats-io/nats-box");
  CHECK(score(box_row, box) > score(box_row, nats));
  const Component exporter_row =
      row("Prometheus NATS Exporter", "nats-io/prometheus-nats-exporter");
  CHECK(score(exporter_row, exporter) > score(exporter_row, nats));
  const Component reloader_row = row("NATS Config Reloader", "nats-io/nats-server-config-reloader");
  CHECK(score(reloader_row, reloader) > score(reloader_row, nats));

  // A row name against a differently spelled image.
  CHECK(score(row("MongoDB"), pin("docker.io/library/mongo")) > 0.0);
  CHECK(score(row("Prometheus Agent", "prometheus/prometheus"),
              pin("quay.io/prometheus/prometheus")) >= 1.5);
  // Exact beats prefix: "Azure" prefixes both providers, azurerm is named exactly.
  const Component azure_row = row("Azure Provider", "hashicorp/terraform-provider-azurerm");
  CHECK(score(azure_row, pin("hashicorp/azurerm")) > score(azure_row, pin("hashicorp/azuread")));
  // Nothing shared, no match; short tokens never prefix-match.
  CHECK(score(row("Grafana"), pin("docker.io/library/nats")) == 0.0);
  CHECK(score(row("Go"), pin("docker.io/library/golang")) == 0.0);
  // One shared word of three is not enough.
  CHECK(score(row("NATS Box", "nats-io/nats-box"), pin("docker.io/natsio/nats-top")) == 0.0);
  // The name identity: the AKS version pin is "kubernetes" by name.
  Component aks = pin("azure-kubernetes-service", "1.31", versiond::PinKind::terraform_aks);
  aks.name = "kubernetes";
  CHECK(score(row("Kubernetes Version"), aks) >= 2.0);
}

TEST_CASE("covers and kind affinity", "[plan][match]") {
  CHECK(covers(row_tokens(row("cert-manager", "cert-manager/cert-manager")),
               component_tokens(pin("cert-manager", "v1.16.2", versiond::PinKind::argocd_helm))));
  CHECK_FALSE(covers(
      row_tokens(row("Kubernetes Version")),
      component_tokens(pin("kubernetes-dashboard", "7.13.0", versiond::PinKind::argocd_helm))));
  CHECK(kind_affinity(row("Rocket.Chat Helm Chart"),
                      pin("rocketchat", "6.29.0", versiond::PinKind::argocd_helm)) > 0);
  // A chart row against an image: a penalty, so the image's own row wins it.
  Component image = pin("registry.rocket.chat/rocketchat/rocket.chat");
  image.datasource = versiond::Datasource::docker;
  CHECK(kind_affinity(row("Rocket.Chat Helm Chart"), image) < 0);
  // Every chart kind counts as a chart, not only ArgoCD's.
  CHECK(kind_affinity(row("Jenkins Helm Chart"),
                      pin("jenkins", "5.8.1", versiond::PinKind::helm_dependency)) > 0);
  CHECK(kind_affinity(row("Rocket.Chat"), pin("registry.rocket.chat/rocketchat/rocket.chat")) > 0);
}

TEST_CASE("identity: the row's link names the pin's package", "[plan][match][issue11]") {
  Component lts = row("Jenkins LTS", "docker.io/jenkins/jenkins");
  lts.datasource = versiond::Datasource::docker;
  Component chart_row = row("Jenkins Helm Chart", "jenkins");
  chart_row.datasource = versiond::Datasource::helm;
  Component image = pin("docker.io/jenkins/jenkins", "2.479.3-jdk17");
  image.datasource = versiond::Datasource::docker;
  Component chart = pin("jenkins", "5.8.1", versiond::PinKind::argocd_helm);
  chart.datasource = versiond::Datasource::helm;
  CHECK(identity_score(lts, image) > 0);
  CHECK(identity_score(lts, chart) == 0);
  CHECK(identity_score(chart_row, chart) > 0);
  CHECK(identity_score(chart_row, image) == 0);
}

TEST_CASE("same_version: v prefixes, spacing, numeric equality, digests", "[plan][match]") {
  CHECK(same_version("v1.20.0", pin("x", "1.20.0")));
  CHECK(same_version("1.20.0", pin("x", "v1.20.0")));
  CHECK(same_version("~> 4.78.0", pin("x", "~>4.78.0")));
  CHECK(same_version(">= v1.0", pin("x", ">=1.0")));
  CHECK(same_version("3.20", pin("x", "3.20.0")));
  CHECK(same_version("2.4-alpine", pin("x", "2.4-alpine")));
  CHECK_FALSE(same_version("2.4-alpine", pin("x", "2.4")));
  CHECK_FALSE(same_version("3.2", pin("x", "3.20")));
  CHECK_FALSE(same_version("v3.8.1", pin("x", "v3.9.0")));
  CHECK_FALSE(same_version("~> 3.0", pin("x", "~> 4.0")));

  Component digest = pin("x", "sha256:d9243b5a3c3f");
  digest.digest = "sha256:d9243b5a3c3f";
  CHECK(same_version("sha256:d9243...", digest));
  CHECK(same_version("sha256:d9243\xe2\x80\xa6", digest));
  CHECK_FALSE(same_version("sha256:aaaaa...", digest));
  CHECK_FALSE(same_version("sha256:...", digest));
  Component tagged = pin("x", "1.27");
  tagged.digest = "sha256:d9243b5a";
  CHECK(same_version("sha256:d9243...", tagged));
}
