#include "scan/scan_world.hpp"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "versiond/config/load.hpp"
#include "versiond/core/clock.hpp"

namespace versiond::test {

namespace {

Reply with_etag(const std::string& body, const std::string& etag,
                const std::string& content_type = "application/json") {
  Reply r;
  r.headers = {{"ETag", etag}};
  r.body = body;
  r.content_type = content_type;
  return r;
}

// The body of the second interaction (provider versions) of the recorded cassette.
std::string aws_versions_body() {
  const YAML::Node cassette =
      YAML::Load(read_fixture("upstream/terraform/vcr-providers-hashicorp-aws-versions.yml"));
  return cassette["http_interactions"][1]["response"]["body"]["string"].as<std::string>();
}

}  // namespace

scan::ScanReport scan_on_day(const std::filesystem::path& repo, unsigned day, bool offline) {
  ManualClock clock(std::chrono::sys_days{std::chrono::year{2026} / 12 / std::chrono::day{day}});
  const config::Config config = config::load_config(repo, std::nullopt);
  scan::ScanOptions options;
  options.repo = repo;
  options.config_dir = repo;
  options.db = repo / ".versiond" / "versiond.db";
  options.offline = offline;
  options.clock = &clock;
  return scan::run_scan(config, options);
}

ScanWorld::ScanWorld() {
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");  // recorded ETag
  up.load_vcr("upstream/terraform/vcr-providers-hashicorp-aws-versions.yml");
  up.add("/v1/providers/hashicorp/aws/versions", with_etag(aws_versions_body(), "\"aws-1\""));
  up.add("/cnpg/index.yaml", with_etag(read_fixture("upstream/helm/cloudnative-pg-index.yaml"),
                                       "\"cnpg-1\"", "application/x-yaml"));
  up.add("/v2/library/ubuntu/tags/list",
         with_etag(read_fixture("upstream/oci/tags-list-library-ubuntu.json"), "\"ubuntu-1\""));
  // Docker Hub's repository facts (stale check) and GitHub's repository facts
  // (archived check, asked only with a token): a recent push, not archived.
  up.add("/v2/namespaces/library/repositories/ubuntu",
         test::Reply{200, {}, R"({"name":"ubuntu","last_updated":"2026-11-20T10:00:00Z"})"});
  up.add("/repos/actions/checkout",
         test::Reply{200, {}, read_fixture("upstream/github/repo-get-example.json")});
  // OSV knows no advisory for the world's packages (the Terraform provider maps to one).
  up.add_post("/v1/querybatch", [](const std::string& body) {
    const auto queries = nlohmann::json::parse(body).at("queries");
    nlohmann::json results = nlohmann::json::array();
    for (std::size_t i = 0; i < queries.size(); ++i) results.push_back(nlohmann::json::object());
    return Reply{200, {}, nlohmann::json{{"results", results}}.dump(), "application/json"};
  });
  up.add("/api/kubernetes.json",
         with_etag(read_fixture("upstream/endoflife/kubernetes.json"), "\"k8s-1\""));

  repo.write("VERSIONS.md",
             "# Versions\n\n"
             "| Component | Current Version | Location | Update Source |\n"
             "|-----------|----------------|----------|---------------|\n"
             "| **Checkout Action** | `v2.1.0` | `.github/workflows/ci.yml` | "
             "[Checkout Releases](https://github.com/actions/checkout/releases) |\n"
             "| **Kubernetes** | `1.29.3` | `terraform/main.tf` | "
             "[endoflife](https://endoflife.date/kubernetes) |\n");
  repo.write("terraform/main.tf",
             "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n"
             "      version = \"~> 2.6\"\n    }\n  }\n}\n");
  repo.write("argocd/cnpg.yaml",
             "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: cnpg\n"
             "spec:\n  source:\n    repoURL: " +
                 up.base() + "/cnpg\n    chart: cloudnative-pg\n    targetRevision: 0.27.0\n");
  repo.write("k8s/ubuntu.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tools\nspec:\n"
             "  template:\n    spec:\n      containers:\n        - name: tools\n"
             "          image: ubuntu:16.04\n");
}

std::string ScanWorld::config_yaml(const std::string& extra) const {
  const std::string base = up.base();
  return "endpoints:\n  github_api: " + base + "\n  terraform_registry: " + base +
         "\n  endoflife: " + base + "\n  docker_hub: " + base + "\n  docker_hub_api: " + base +
         "\n  osv: " + base +
         "\ncredentials:\n  github:\n    token_env: VERSIOND_TEST_GITHUB_TOKEN\n"
         "http:\n  allow_plain_http_hosts: [127.0.0.1]\n  timeouts:\n    connect_ms: 1000\n"
         "    total_ms: 5000\n  max_retries: 0\n"
         "endoflife:\n  - product: kubernetes\n    names: [Kubernetes]\n" +
         extra;
}

std::filesystem::path ScanWorld::write_config(const std::string& extra) const {
  return repo.write("versiond.yaml", config_yaml(extra));
}

std::filesystem::path ScanWorld::db() const { return repo.path() / ".versiond" / "versiond.db"; }

}  // namespace versiond::test
