// Requests of the scan's advisory step for a repository of 500 components
// (docs/PERFORMANCE.md): cold = one querybatch plus one GET per distinct
// advisory; warm (nothing changed) = one querybatch and no GET. Runs the real
// scan against the in-process fake upstream of the test suite serving the
// real advisory records of tests/fixtures/advisories (CC-BY 4.0, see SOURCES.md).
//
//   advisory_probe [components]   (default 500)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/fake_upstream.hpp"
#include "support/temp_dir.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/scan/scan.hpp"

using namespace versiond;
using nlohmann::json;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// The probe registers every route it uses; a stray request is a bug in it.
void versiond::test::report_stray_requests(const std::string& message) {
  std::cerr << message << "\n";
  std::abort();
}

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 500;
  const std::filesystem::path fixtures =
      std::filesystem::path(VERSIOND_SOURCE_DIR) / "tests" / "fixtures" / "advisories";
  test::FakeUpstream up;
  // Every recorded OSV record, listed under each package it names.
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<std::string, std::string>>>
      listing;
  std::set<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures)) {
    const std::string name = entry.path().filename().string();
    if (!(name.starts_with("GHSA-") || name.starts_with("GO-"))) continue;
    const std::string text = slurp(entry.path());
    const json record = json::parse(text);
    const std::string id = record["id"];
    up.add("/v1/vulns/" + id, test::Reply{200, {}, text});
    ids.insert(id);
    for (const auto& a : record["affected"]) {
      auto& l = listing[{a["package"]["ecosystem"], a["package"]["name"]}];
      if (l.empty() || l.back().first != id) l.emplace_back(id, record["modified"]);
    }
  }
  std::mutex listed_mutex;
  std::set<std::string> listed;  // ids querybatch answered with
  up.add_post("/v1/querybatch", [&](const std::string& body) {
    const json request = json::parse(body);
    json results = json::array();
    for (const auto& q : request["queries"]) {
      json vulns = json::array();
      const auto it = listing.find({q["package"]["ecosystem"], q["package"]["name"]});
      if (it != listing.end()) {
        for (const auto& [id, modified] : it->second) {
          vulns.push_back({{"id", id}, {"modified", modified}});
          std::lock_guard lock(listed_mutex);
          listed.insert(id);
        }
      }
      results.push_back(vulns.empty() ? json::object() : json{{"vulns", vulns}});
    }
    return test::Reply{200, {}, json{{"results", results}}.dump(), "application/json"};
  });

  // 500 image pins of the mapped products, on several release lines each.
  const std::vector<std::pair<std::string, std::vector<std::string>>> products{
      {"traefik", {"v2.11.", "v3.1."}},
      {"quay.io/argoproj/argocd", {"v2.13.", "v2.14.", "v3.0."}},
      {"registry.k8s.io/ingress-nginx/controller", {"v1.11.", "v1.12."}},
      {"quay.io/jetstack/cert-manager-controller", {"v1.15.", "v1.16."}},
      {"ghcr.io/external-secrets/external-secrets", {"v0.18.", "v0.19."}},
      {"jenkins/jenkins", {"2.375.", "2.387."}},
      {"registry.k8s.io/kube-apiserver", {"v1.27.", "v1.28."}},
  };
  test::TempDir repo;
  std::string manifest =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: estate\nspec:\n  template:\n"
      "    spec:\n      containers:\n";
  for (int i = 0; i < n; ++i) {
    const auto& [image, lines] = products[static_cast<std::size_t>(i) % products.size()];
    const auto& line = lines[static_cast<std::size_t>(i / 7) % lines.size()];
    manifest += "        - name: c" + std::to_string(i) + "\n          image: " + image + ":" +
                line + std::to_string(i % 20) + "\n";
  }
  repo.write("k8s/estate.yaml", manifest);
  const std::string base = up.base();
  repo.write("versiond.yaml",
             "endpoints:\n  github_api: " + base + "\n  docker_hub: " + base +
                 "\n  docker_hub_api: ''\n  osv: " + base + "\n  registry_mirrors:\n    quay.io: " +
                 base + "\n    registry.k8s.io: " + base + "\n    ghcr.io: " + base +
                 "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n  max_retries: 0\n");
  const config::Config config = config::load_config(repo.path(), std::nullopt);
  ManualClock clock(std::chrono::sys_days{std::chrono::year{2026} / 12 / 1});
  scan::ScanOptions options;
  options.repo = repo.path();
  options.config_dir = repo.path();
  options.db = repo.path() / ".versiond" / "versiond.db";
  options.clock = &clock;

  std::printf("%-6s %10s %10s %10s %12s %11s %9s %6s\n", "scan", "components", "querybatch",
              "GET listed", "GET aliases", "from store", "affected", "ms");
  for (const char* which : {"cold", "warm"}) {
    const std::size_t batch_before = up.hits("/v1/querybatch");
    std::size_t gets_before = 0;
    for (const auto& id : ids) gets_before += up.hits("/v1/vulns/" + id);
    const auto started = std::chrono::steady_clock::now();
    const auto report = scan::run_scan(config, options);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    std::size_t gets = 0;
    for (const auto& id : ids) gets += up.hits("/v1/vulns/" + id);
    const std::size_t listed_gets = gets - gets_before;
    std::printf("%-6s %10zu %10zu %10zu %12zu %11d %9d %6lld\n", which, report.components.size(),
                up.hits("/v1/querybatch") - batch_before, listed_gets,
                static_cast<std::size_t>(report.advisory_requests.records) - listed_gets,
                report.advisory_requests.records_from_store, report.affected(),
                static_cast<long long>(ms));
  }
  std::printf("distinct advisories listed by querybatch: %zu (records served: %zu)\n",
              listed.size(), ids.size());
  return 0;
}
