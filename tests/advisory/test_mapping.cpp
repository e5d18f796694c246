// Pin -> advisory package mapping, tag normalisation and the safe target in
// the pin's own terms (a chart judged by its appVersion from the real
// argo-helm index; image tags keeping their v and variant suffix).
#include "advisory/advisory_test_support.hpp"
#include "versiond/advisory/mapping.hpp"
#include "versiond/sources/helm_index.hpp"

using namespace versiond;
using namespace versiond::advisory;
using versiond::test::advisory_record;
using versiond::test::advisory_text;

namespace {

Component component(PinKind kind, Datasource ds, std::string package, std::string current,
                    std::string name = "") {
  Component c;
  c.kind = kind;
  c.datasource = ds;
  c.package = std::move(package);
  c.current = std::move(current);
  c.name = name.empty() ? c.package : std::move(name);
  return c;
}

std::optional<PackageKey> key_of(const Component& c, std::string_view version,
                                 const std::vector<MappingRule>& user = {}) {
  const MappingRule* rule = find_rule(c, user);
  if (!rule) return std::nullopt;
  return key_for(*rule, c, version);
}

std::vector<PinRelease> tags(const std::vector<std::string>& list) {
  std::vector<PinRelease> out;
  for (const auto& t : list) out.push_back({t, "", ""});
  return out;
}

}  // namespace

TEST_CASE("tags lose their v, prefix and variant suffix before matching") {
  CHECK(normalise_tag("v3.1.2") == "3.1.2");
  CHECK(normalise_tag("2.541.1-lts-jdk21") == "2.541.1");
  CHECK(normalise_tag("2.426.2-lts-jdk17") == "2.426.2");
  CHECK(normalise_tag("controller-v1.12.1") == "1.12.1");
  CHECK(normalise_tag("3.1.0-rc1") == "3.1.0-rc1");
  CHECK(normalise_tag("v1.12.0-beta.0") == "1.12.0-beta.0");
  CHECK(normalise_tag("2.4-alpine") == "2.4");
  CHECK(normalise_tag("latest").empty());
  CHECK(same_tag_form("2.426.2-lts-jdk17", "2.426.3-lts-jdk17"));
  CHECK_FALSE(same_tag_form("2.426.2-lts-jdk17", "2.426.3-lts-jdk21"));
  CHECK_FALSE(same_tag_form("2.426.2-lts-jdk17", "2.426.3"));
  CHECK(same_tag_form("v3.1.2", "v3.1.3"));
  CHECK_FALSE(same_tag_form("v3.1.2", "3.1.3"));
}

TEST_CASE("the built-in table maps charts, images and repositories to advisory packages") {
  using K = PackageKey;
  CHECK(key_of(component(PinKind::argocd_helm, Datasource::helm, "ingress-nginx", "4.12.0"),
               "1.12.0") == K{"Go", "k8s.io/ingress-nginx"});
  CHECK(key_of(component(PinKind::k8s_image, Datasource::docker,
                         "registry.k8s.io/ingress-nginx/controller", "v1.12.0"),
               "1.12.0") == K{"Go", "k8s.io/ingress-nginx"});
  CHECK(key_of(
            component(PinKind::k8s_image, Datasource::docker, "quay.io/argoproj/argocd", "v2.13.3"),
            "2.13.3") == K{"Go", "github.com/argoproj/argo-cd/v2"});
  CHECK(key_of(component(PinKind::argocd_helm, Datasource::helm, "argo-cd", "8.0.0"), "3.0.0") ==
        K{"Go", "github.com/argoproj/argo-cd/v3"});
  CHECK(key_of(component(PinKind::k8s_image, Datasource::docker,
                         "quay.io/jetstack/cert-manager-controller", "v1.16.1"),
               "1.16.1") == K{"Go", "github.com/cert-manager/cert-manager"});
  CHECK(key_of(component(PinKind::helm_values_image, Datasource::docker,
                         "ghcr.io/external-secrets/external-secrets", "v0.18.0"),
               "0.18.0") == K{"Go", "github.com/external-secrets/external-secrets"});
  const auto traefik =
      component(PinKind::helm_values_image, Datasource::docker, "docker.io/library/traefik", "");
  CHECK(key_of(traefik, "1.7.34") == K{"Go", "github.com/traefik/traefik"});
  CHECK(key_of(traefik, "2.11.8") == K{"Go", "github.com/traefik/traefik/v2"});
  CHECK(key_of(traefik, "3.1.2") == K{"Go", "github.com/traefik/traefik/v3"});
  CHECK(key_of(component(PinKind::dockerfile_image, Datasource::docker, "docker.io/jenkins/jenkins",
                         "2.426.2-lts-jdk17"),
               "2.426.2") == K{"Maven", "org.jenkins-ci.main:jenkins-core"});
  CHECK(key_of(component(PinKind::versions_table, Datasource::github_releases, "jenkinsci/jenkins",
                         "2.426.2"),
               "2.426.2") == K{"Maven", "org.jenkins-ci.main:jenkins-core"});
  CHECK(key_of(component(PinKind::versions_table, Datasource::none, "", "2.426.2", "Jenkins"),
               "2.426.2") == K{"Maven", "org.jenkins-ci.main:jenkins-core"});
  CHECK(key_of(component(PinKind::helm_values_image, Datasource::docker,
                         "registry.rocket.chat/rocketchat/rocket.chat", "7.13.2"),
               "7.13.2") == K{"GitHub", "RocketChat/Rocket.Chat"});
  CHECK(key_of(component(PinKind::versions_table, Datasource::github_releases,
                         "RocketChat/Rocket.Chat", "7.13.2", "Rocket.Chat Application"),
               "7.13.2") == K{"GitHub", "RocketChat/Rocket.Chat"});
  CHECK(key_of(component(PinKind::github_action, Datasource::github_tags,
                         "tj-actions/changed-files", "v45"),
               "45") == K{"GitHub Actions", "tj-actions/changed-files"});
  CHECK(key_of(component(PinKind::terraform_provider, Datasource::terraform_provider,
                         "hashicorp/azurerm", "3.0.0"),
               "3.0.0") == K{"Go", "github.com/hashicorp/terraform-provider-azurerm"});
  CHECK(key_of(component(PinKind::terraform_aks, Datasource::endoflife, "azure-kubernetes-service",
                         "1.31"),
               "1.31") == K{"Go", "k8s.io/kubernetes"});
  // No key: reported as "no advisory source", never as "no advisories".
  CHECK_FALSE(
      key_of(component(PinKind::k8s_image, Datasource::docker, "docker.io/library/mongo", "8.0.4"),
             "8.0.4"));
}

TEST_CASE("a user entry wins over the built-in one") {
  const std::vector<MappingRule> user{
      {MatchOn::image, "docker.io/library/traefik", "Go", "example.com/forked-traefik",
       VersionFrom::tag, LineBy::minor, true},
      {MatchOn::component, "MongoDB*", "Go", "go.mongodb.org/mongo-driver", VersionFrom::tag,
       LineBy::major, true}};
  const auto traefik =
      component(PinKind::helm_values_image, Datasource::docker, "docker.io/library/traefik", "");
  CHECK(key_of(traefik, "3.1.2", user) == PackageKey{"Go", "example.com/forked-traefik"});
  CHECK(find_rule(traefik, user)->line == LineBy::minor);
  const auto mongo = component(PinKind::versions_table, Datasource::docker,
                               "docker.io/library/mongo", "8.0.4", "MongoDB");
  CHECK(key_of(mongo, "8.0.4", user) == PackageKey{"Go", "go.mongodb.org/mongo-driver"});
}

TEST_CASE("an image keeps its v and variant suffix in the safe target") {
  const Record traefik = advisory_record("GHSA-62c8-mh53-4cqv.json");
  const auto c = component(PinKind::helm_values_image, Datasource::docker,
                           "docker.io/library/traefik", "v3.1.2");
  const MappingRule* rule = find_rule(c, {});
  REQUIRE(rule);
  const auto releases = tags({"v3.1.2", "3.1.3", "v3.1.3", "v3.1.3-alpine", "v3.1.4", "v3.2.0"});
  const auto a = assess_component(*rule, c, {traefik}, releases);
  CHECK(a.status == Status::affected);
  CHECK(a.safe_target == "v3.1.3");
  CHECK(a.highest() == Severity::critical);

  const Record jenkins = advisory_record("GHSA-h76p-mc68-jv3p.json");
  auto lts = component(PinKind::dockerfile_image, Datasource::docker, "docker.io/jenkins/jenkins",
                       "2.375.3-lts-jdk17");
  const auto jr = tags({"2.375.3-lts-jdk17", "2.375.4-lts-jdk11", "2.375.4-lts-jdk17",
                        "2.387.1-lts-jdk17", "2.394-jdk17"});
  CHECK(assess_component(*find_rule(lts, {}), lts, {jenkins}, jr).safe_target ==
        "2.375.4-lts-jdk17");
}

TEST_CASE("a chart is judged by its appVersion from the Helm index (argo-cd, real index)") {
  const auto index = sources::parse_helm_index(advisory_text("argo-helm-index.yaml"), {"argo-cd"});
  REQUIRE(index.ok());
  std::vector<PinRelease> releases;
  for (const auto& r : index.charts.at("argo-cd")) releases.push_back({r.version, r.latest, ""});
  const Record argo = advisory_record("GHSA-786q-9hcg-v9ff.json");

  SECTION("7.7.5 (appVersion v2.13.1): no v2 chart carries a fix, so the next line's") {
    const auto c = component(PinKind::argocd_helm, Datasource::helm, "argo-cd", "7.7.5");
    const MappingRule* rule = find_rule(c, {});
    REQUIRE(rule);
    CHECK(rule->version_from == VersionFrom::app_version);
    CHECK(judged_version(*rule, c.current, releases) == "2.13.1");
    const auto keys = keys_needed(*rule, c, releases);
    CHECK(std::find(keys.begin(), keys.end(), PackageKey{"Go", "github.com/argoproj/argo-cd/v2"}) !=
          keys.end());
    CHECK(std::find(keys.begin(), keys.end(), PackageKey{"Go", "github.com/argoproj/argo-cd/v3"}) !=
          keys.end());
    const auto a = assess_component(*rule, c, {argo}, releases);
    CHECK(a.status == Status::affected);
    REQUIRE(a.findings.size() == 1);
    CHECK(a.findings[0].id == "GHSA-786q-9hcg-v9ff");
    // 8.3.4 is the first chart whose appVersion (v3.1.3) is past both v3 ranges.
    CHECK(a.safe_target == "8.3.4");
  }
  SECTION("8.0.5 (appVersion v3.0.2): the first chart with v3.0.14 or above") {
    const auto c = component(PinKind::argocd_helm, Datasource::helm, "argo-cd", "8.0.5");
    const auto a = assess_component(*find_rule(c, {}), c, {argo}, releases);
    CHECK(a.status == Status::affected);
    CHECK(a.safe_target == "8.3.4");
  }
  SECTION("8.3.4 (appVersion v3.1.3) is not affected") {
    const auto c = component(PinKind::argocd_helm, Datasource::helm, "argo-cd", "8.3.4");
    const auto a = assess_component(*find_rule(c, {}), c, {argo}, releases);
    CHECK(a.status == Status::not_affected);
    CHECK_FALSE(a.safe_target);
  }
  SECTION("a chart version missing from the index is incomplete") {
    const auto c = component(PinKind::argocd_helm, Datasource::helm, "argo-cd", "99.0.0");
    const auto a = assess_component(*find_rule(c, {}), c, {argo}, releases);
    CHECK(a.status == Status::incomplete);
    CHECK(a.note == "the appVersion of chart version 99.0.0 is unknown");
  }
}
