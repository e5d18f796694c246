#include <catch2/catch.hpp>

#include "scan/keys.hpp"
#include "versiond/policy/eol.hpp"

using namespace versiond;

namespace {

std::vector<sources::Release> cycles() {
  std::vector<sources::Release> out;
  for (const auto& [cycle, eol] : std::vector<std::pair<std::string, std::string>>{
           {"1.31", "2025-10-28"}, {"1.30", "2025-06-28"}, {"1.3", "ended"}, {"1.29", ""}}) {
    sources::Release r;
    r.version = cycle;
    r.eol = eol;
    out.push_back(r);
  }
  return out;
}

std::chrono::system_clock::time_point day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

Component component(Datasource datasource, const std::string& package,
                    const std::string& registry_url) {
  Component c;
  c.datasource = datasource;
  c.package = package;
  c.registry_url = registry_url;
  return c;
}

}  // namespace

TEST_CASE("eol: a version matches the cycle that is its longest dotted prefix", "[daemon][eol]") {
  CHECK(policy::match_cycle("kubernetes", "1.30.4", cycles()).cycle == "1.30");
  CHECK(policy::match_cycle("kubernetes", "v1.31", cycles()).eol == "2025-10-28");
  CHECK(policy::match_cycle("kubernetes", "1.3.7", cycles()).cycle == "1.3");  // not 1.30/1.31
  CHECK(policy::match_cycle("kubernetes", "1.28.1", cycles()).cycle.empty());
}

TEST_CASE("eol: the status reads the end date against today", "[daemon][eol]") {
  const auto c = cycles();
  CHECK(policy::eol_status(policy::match_cycle("k", "1.31.2", c), "1.31.2", day(2025, 11, 1)) ==
        "end of life since 2025-10-28");
  CHECK(policy::eol_status(policy::match_cycle("k", "1.31.2", c), "1.31.2", day(2025, 9, 28)) ==
        "end of life on 2025-10-28 (in 30 days)");
  CHECK(policy::eol_status(policy::match_cycle("k", "1.31.2", c), "1.31.2", day(2025, 1, 1)) ==
        "supported until 2025-10-28");
  CHECK(policy::eol_status(policy::match_cycle("k", "1.29.0", c), "1.29.0", day(2025, 1, 1)) ==
        "supported");
  CHECK(policy::eol_status(policy::match_cycle("k", "1.3.0", c), "1.3.0", day(2025, 1, 1)) ==
        "end of life");
  CHECK(policy::eol_status(policy::match_cycle("k", "1.2.0", c), "1.2.0", day(2025, 1, 1)) ==
        "cycle of 1.2.0 not listed");
}

TEST_CASE("keys: inventory URLs become lookup keys that honour configured endpoints",
          "[daemon][keys]") {
  CHECK(scan::lookup_key(component(Datasource::github_releases, "prometheus/prometheus",
                                   "https://github.com/prometheus/prometheus"))
            .registry_url.empty());
  CHECK(scan::lookup_key(
            component(Datasource::github_tags, "org/app", "https://ghe.example.com/org/app"))
            .registry_url == "https://ghe.example.com/api/v3");
  CHECK(scan::lookup_key(component(Datasource::terraform_provider, "hashicorp/aws",
                                   "https://registry.terraform.io"))
            .registry_url.empty());
  CHECK(scan::lookup_key(component(Datasource::endoflife, "kubernetes", "https://endoflife.date"))
            .registry_url.empty());
  CHECK(scan::lookup_key(
            component(Datasource::terraform_provider, "corp/x", "https://tf.corp.example"))
            .registry_url == "https://tf.corp.example");
  CHECK(scan::lookup_key(
            component(Datasource::helm, "cnpg", "https://cloudnative-pg.github.io/charts"))
            .registry_url == "https://cloudnative-pg.github.io/charts");
  CHECK(scan::package_key({Datasource::helm, "cnpg", "https://c.example/charts"}) ==
        "helm|https://c.example/charts|cnpg");
}
