// The embedded default policy: valid, identical to policies/default.yaml, and
// sensible on a realistic set of components.
#include <fstream>
#include <sstream>

#include "policy/policy_test_support.hpp"

using namespace policy_test;

namespace {

const Update& only(const Outcome& o, UpdateType type) {
  for (const auto& u : o.updates) {
    if (u.update == type) {
      return u;
    }
  }
  FAIL("no " << to_string(type) << " update");
  throw;
}

struct Pin {
  std::string name, package, datasource, file, scheme, current;
};

Outcome decide(const Pin& c, std::vector<sources::Release> releases, const Estate& estate = {},
               bool eol = false) {
  Subject s{c.name,
            c.package,
            parse_datasource(c.datasource).value(),
            c.file,
            versioning::parse_scheme_id(c.scheme).value(),
            c.current,
            eol,
            false,
            &releases};
  return decide_updates(default_policy(), s, estate, at("2026-12-01T00:00:00Z"));
}

// Released long enough ago to be past the default soak.
sources::Release old(const std::string& v) { return release(v, "2026-10-01"); }

}  // namespace

TEST_CASE("default policy: the embedded text is policies/default.yaml and is valid") {
  std::ifstream in(std::string(VERSIOND_FIXTURES) + "/../../policies/default.yaml");
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  CHECK(text.str() == std::string(embedded_default_policy_text()));
  const auto loaded = parse_policy(embedded_default_policy_text(), "default.yaml");
  for (const auto& e : loaded.errors) {
    UNSCOPED_INFO(e.to_string());
  }
  CHECK(loaded.ok());
  CHECK(default_policy().rules.size() >= 8);
  CHECK(default_policy().couplings.size() >= 3);
  for (const auto& c : default_policy().couplings) {
    CHECK_THAT(c.source, Catch::StartsWith("https://"));
  }
}

TEST_CASE("default policy: patches of providers, charts and images become auto-PRs") {
  const auto tf = decide({"hashicorp/azurerm", "hashicorp/azurerm", "terraform-provider",
                          "terraform/main.tf", "hashicorp", "4.78.0"},
                         {old("4.78.1")});
  CHECK(only(tf, UpdateType::patch).tier == Tier::low);
  CHECK(only(tf, UpdateType::patch).action == Action::auto_pr);
  CHECK(only(tf, UpdateType::patch).group == "terraform-providers");
  const auto chart =
      decide({"podinfo", "podinfo", "helm", "apps/podinfo.yaml", "helm", "6.5.0"}, {old("6.5.3")});
  CHECK(only(chart, UpdateType::patch).action == Action::auto_pr);
  const auto image = decide({"Prometheus Agent", "quay.io/prometheus/prometheus", "docker",
                             "ops/prom.yaml", "docker", "v3.8.1"},
                            {old("v3.8.2")});
  CHECK(only(image, UpdateType::patch).action == Action::auto_pr);
  // A GitHub release (a tool, not a provider, chart or image) is planned.
  const auto tool = decide({"tflint", "terraform-linters/tflint", "github-releases",
                            "terraform/tools/versions.env", "semver", "0.64.0"},
                           {old("0.64.1")});
  CHECK(only(tool, UpdateType::patch).action == Action::plan);
}

TEST_CASE("default policy: minors plan at medium, majors and 0.x minors high") {
  const auto o = decide({"podinfo", "podinfo", "helm", "apps/podinfo.yaml", "helm", "6.5.0"},
                        {old("6.6.0"), old("7.0.1")});
  CHECK(only(o, UpdateType::minor).tier == Tier::medium);
  CHECK(only(o, UpdateType::minor).action == Action::plan);
  CHECK(only(o, UpdateType::major).tier == Tier::high);
  CHECK(only(o, UpdateType::major).action == Action::plan);
  const auto zero =
      decide({"NATS Box", "natsio/nats-box", "docker", "ops/nats.yaml", "docker", "0.8.1"},
             {old("0.16.2")});
  CHECK(only(zero, UpdateType::minor).tier == Tier::high);
}

TEST_CASE("default policy: databases, ingress, cert-manager and secret operators never auto-PR") {
  for (const Pin& c : std::vector<Pin>{
           {"MongoDB", "docker.io/library/mongo", "docker", "values.yaml", "docker", "8.0.4"},
           {"Traefik Helm Chart", "traefik", "helm", "apps/traefik.yaml", "helm", "34.4.1"},
           {"cert-manager", "cert-manager", "helm", "apps/cert-manager.yaml", "helm", "1.16.1"},
           {"External Secrets Operator", "external-secrets", "helm", "apps/eso.yaml", "helm",
            "0.10.4"},
           {"ingress-nginx", "ingress-nginx", "helm", "apps/ingress.yaml", "helm", "4.11.2"}}) {
    const auto o = decide(c, {old(c.current == "8.0.4"    ? "8.0.5"
                                  : c.current == "34.4.1" ? "34.4.2"
                                  : c.current == "1.16.1" ? "1.16.2"
                                  : c.current == "0.10.4" ? "0.10.5"
                                                          : "4.11.3")});
    INFO(c.name);
    REQUIRE(o.updates.size() == 1);
    CHECK(o.updates[0].action == Action::plan);
  }
}

TEST_CASE("default policy: fresh releases soak for three days") {
  const auto o = decide({"podinfo", "podinfo", "helm", "apps/podinfo.yaml", "helm", "6.5.0"},
                        {release("6.5.3", "2026-11-30T08:00:00Z")});
  CHECK(only(o, UpdateType::patch).action == Action::wait);
  CHECK(*only(o, UpdateType::patch).ready_on == "2026-12-04");
}

TEST_CASE("default policy: Kubernetes minors are high, more so outside the AKS window") {
  const Pin k8s{"Kubernetes (AKS default)", "", "", "terraform/variables.tf", "loose", "1.30"};
  auto o = decide(k8s, {old("1.31"), old("1.30")});
  CHECK(only(o, UpdateType::minor).tier == Tier::high);
  CHECK(only(o, UpdateType::minor).group == "kubernetes");
  o = decide(k8s, {old("1.31")}, {}, true);
  CHECK(only(o, UpdateType::minor).rules.back() == "kubernetes-outside-aks-support");
}

TEST_CASE("default policy: Rocket.Chat 8 waits for MongoDB 8") {
  const Estate estate = {
      {"Rocket.Chat Application", "rocketchat/rocket.chat", versioning::SchemeId::semver, "7.13.2"},
      {"MongoDB", "docker.io/library/mongo", versioning::SchemeId::docker, "7.0.14"}};
  const auto o = decide({"Rocket.Chat Application", "rocketchat/rocket.chat", "docker",
                         "values.yaml", "docker", "7.13.2"},
                        {old("7.13.5"), old("8.0.1"), old("8.2.0")}, estate);
  CHECK_FALSE(only(o, UpdateType::patch).blocked_by);
  const auto& major = only(o, UpdateType::major);
  CHECK(major.target == "8.2.0");
  CHECK(major.tier == Tier::blocked);
  REQUIRE(major.blocked_by);
  CHECK(major.blocked_by->coupling == "rocketchat-8.2-needs-mongodb-8");
  CHECK(major.blocked_by->component == "MongoDB");
}

TEST_CASE("default policy: undated releases (Terraform registry, image tags) are not held back") {
  const auto o = decide({"hashicorp/azurerm", "hashicorp/azurerm", "terraform-provider",
                         "terraform/main.tf", "hashicorp", "4.78.0"},
                        {release("4.78.1", "")});
  CHECK(only(o, UpdateType::patch).action == Action::auto_pr);
  CHECK_FALSE(only(o, UpdateType::patch).ready_on);
}
