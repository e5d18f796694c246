// An ingress-nginx chart pulled from an OCI registry is judged by the
// appVersion of its chart config blob, as an index.yaml chart is: the scan
// reads the configs of a bounded set of chart versions (the pinned one, the
// nearest above it, the newest), once, and remembers them in the store. The
// advisories are the real GHSA-mgvx-rpfc-9mpv / GO-2025-3567 records of
// tests/fixtures/advisories; the chart tags and configs are constructed
// (tests/fixtures/upstream/SOURCES.md).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "scan/oci_app_versions.hpp"
#include "scan/scan_world.hpp"
#include "support/fake_upstream.hpp"
#include "support/helm_oci_chart.hpp"
#include "support/temp_dir.hpp"
#include "versiond/scan/render.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/oci_charts.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using nlohmann::json;
using versiond::test::FakeUpstream;
using versiond::test::Reply;

namespace {

const std::vector<std::string> k_ingress_ids{"GO-2025-3567", "GHSA-mgvx-rpfc-9mpv"};

struct OciChartWorld {
  FakeUpstream up;
  test::TempDir repo;
  std::vector<std::string> tags;

  explicit OciChartWorld(const std::string& pinned) {
    up.add_post("/v1/querybatch", [](const std::string& body) {
      json results = json::array();
      const json request = json::parse(body);
      for (const auto& q : request.at("queries")) {
        json vulns = json::array();
        if (q["package"]["name"] == "k8s.io/ingress-nginx") {
          for (const auto& id : k_ingress_ids) {
            const auto record = json::parse(test::read_fixture("advisories/" + id + ".json"));
            vulns.push_back({{"id", id}, {"modified", record["modified"]}});
          }
        }
        results.push_back(vulns.empty() ? json::object() : json{{"vulns", vulns}});
      }
      return Reply{200, {}, json{{"results", results}}.dump(), "application/json"};
    });
    for (const auto& id : k_ingress_ids) {
      up.add_file("/v1/vulns/" + id, "advisories/" + id + ".json");
    }
    up.require_bearer("/v2/", "chart-token", "ghcr.io",
                      Reply{200, {}, R"({"token":"chart-token","expires_in":300})"});
    const std::string list = test::read_fixture("upstream/oci/tags-list-charts-ingress-nginx.json");
    up.add("/v2/charts/ingress-nginx/tags/list", Reply{200, {}, list});
    // Every chart version is served; the scan must ask for a bounded few.
    const json listed = json::parse(list);
    for (const auto& t : listed["tags"]) {
      const std::string version = t.get<std::string>();
      tags.push_back(version);
      // Chart 4.X.Y ships controller 1.X.Y.
      test::serve_helm_chart_version(up, "charts/ingress-nginx", version, "1" + version.substr(1));
    }
    repo.write("argocd/ingress-nginx.yaml",
               "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
               "  name: ingress-nginx\nspec:\n  source:\n    repoURL: oci://ghcr.io/charts\n"
               "    chart: ingress-nginx\n    targetRevision: " +
                   pinned + "\n");
    const std::string base = up.base();
    repo.write("versiond.yaml", "endpoints:\n  github_api: " + base + "\n  docker_hub: " + base +
                                    "\n  docker_hub_api: ''\n  osv: " + base +
                                    "\n  registry_mirrors:\n    ghcr.io: " + base +
                                    "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
                                    "  max_retries: 0\n");
  }

  scan::ScanReport scan(unsigned day, bool offline = false) const {
    return test::scan_on_day(repo.path(), day, offline);
  }

  // Requests whose target contains `part`, so far.
  std::size_t requests_to(const std::string& part) const {
    std::size_t n = 0;
    for (const auto& r : up.requests()) {
      if (r.find(part) != std::string::npos) ++n;
    }
    return n;
  }
};

const scan::ComponentResult& chart(const scan::ScanReport& report) {
  for (const auto& r : report.components) {
    if (r.component.name == "ingress-nginx") return r;
  }
  FAIL("no ingress-nginx component");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE(
    "scan: an OCI ingress-nginx chart is judged by its config's appVersion and gets a safe "
    "chart version",
    "[scan][advisories][oci_chart]") {
  OciChartWorld world("4.11.2");
  const auto cold = world.scan(1);
  INFO(scan::render_scan_text(cold));
  const auto& c = chart(cold);
  CHECK(c.status == "ok");
  CHECK(c.component.datasource == Datasource::helm);
  REQUIRE(c.advisory.status == advisory::Status::affected);
  REQUIRE(c.advisory.findings.size() == 1);  // GO-2025-3567 and GHSA-mgvx merged
  CHECK(c.advisory.findings[0].id == "GHSA-mgvx-rpfc-9mpv");
  // A chart version, in the pin's terms: 4.11.5 ships 1.11.5, the fix.
  CHECK(c.advisory.safe_target == "4.11.5");
  CHECK(cold.advisory_errors.empty());

  // Bounded: the pinned version, the 10 stable ones nearest above it
  // (4.11.3 … 4.12.3) and the 10 newest (4.12.0 … 4.13.3): 17 of the 26
  // stable tags, a manifest and a blob each; the pre-release is not read.
  CHECK(cold.advisory_requests.chart_configs == 17);
  CHECK(cold.advisory_requests.chart_configs_from_store == 0);
  CHECK(world.requests_to("/manifests/") == 17);
  CHECK(world.requests_to("/blobs/") == 17);
  CHECK(world.requests_to("/manifests/4.10.") == 0);
  CHECK(world.requests_to("/manifests/4.11.1") == 0);
  CHECK(world.requests_to("/manifests/4.12.0-beta.0") == 0);
  CHECK(world.requests_to("/manifests/4.11.2") == 1);
  {
    store::Store store(world.repo.path() / ".versiond" / "versiond.db");
    const auto row =
        store::oci_chart_config(store.db(), "ghcr.io", "charts/ingress-nginx", "4.11.2");
    REQUIRE(row);
    CHECK(row->app_version == "1.11.2");
    CHECK(row->config_digest.starts_with("sha256:"));
  }

  // Warm: every config is in the store, no manifest or blob is asked again.
  const auto warm = world.scan(2);
  CHECK(chart(warm).advisory.status == advisory::Status::affected);
  CHECK(chart(warm).advisory.safe_target == "4.11.5");
  CHECK(warm.advisory_requests.chart_configs == 0);
  CHECK(warm.advisory_requests.chart_configs_from_store == 17);
  CHECK(world.requests_to("/blobs/") == 17);
  CHECK(world.requests_to("/manifests/") == 17);

  // Offline: the store answers too.
  const auto offline = world.scan(3, true);
  CHECK(chart(offline).advisory.status == advisory::Status::affected);
  CHECK(chart(offline).advisory.safe_target == "4.11.5");
  CHECK(world.requests_to("/blobs/") == 17);
}

TEST_CASE("scan: an OCI chart whose pinned config cannot be read is incomplete, with the reason",
          "[scan][advisories][oci_chart]") {
  OciChartWorld world("4.13.3");
  // The pinned (newest) chart version's manifest fails once with a 500.
  world.up.inject("/v2/charts/ingress-nginx/manifests/4.13.3",
                  {test::Fault::Kind::status, Reply{500, {}, R"({"errors":[{"code":"UNKNOWN"}]})"},
                   std::chrono::milliseconds(0)},
                  1);
  const auto report = world.scan(1);
  INFO(scan::render_scan_text(report));
  const auto& c = chart(report);
  CHECK(c.advisory.status == advisory::Status::incomplete);
  CHECK(c.advisory.note.find("appVersion of chart version 4.13.3 is unknown") != std::string::npos);
  REQUIRE_FALSE(report.advisory_errors.empty());
  CHECK(report.advisory_errors[0].find("oci chart ghcr.io/charts/ingress-nginx:4.13.3: "
                                       "server_error") != std::string::npos);
  // The failed one is not remembered: the next scan asks for it again.
  const auto again = world.scan(2);
  CHECK(chart(again).advisory.status == advisory::Status::not_affected);
  CHECK(again.advisory_requests.chart_configs == 1);
}

TEST_CASE("chart_versions_to_read: the pinned version, 10 nearest above and 10 newest, no more",
          "[scan][oci_chart]") {
  std::vector<sources::Release> releases;
  for (int minor = 0; minor < 40; ++minor) {
    releases.push_back({"1." + std::to_string(minor) + ".0", {}, false, {}, {}, {}, false});
  }
  releases.push_back({"1.39.1-rc.1", {}, true, {}, {}, {}, false});
  const auto old = scan::detail::chart_versions_to_read("1.5.0", releases);
  REQUIRE(old.size() == 21);
  CHECK(old.front() == "1.39.0");  // newest first
  CHECK(old[9] == "1.30.0");
  CHECK(old[10] == "1.15.0");  // the nearest 10 above 1.5.0: 1.6.0 … 1.15.0
  CHECK(old[19] == "1.6.0");
  CHECK(old.back() == "1.5.0");
  // Near the top the two sets overlap.
  const auto recent = scan::detail::chart_versions_to_read("1.35.0", releases);
  REQUIRE(recent.size() == 10);
  CHECK(recent.front() == "1.39.0");
  CHECK(recent.back() == "1.30.0");
  // A pinned version the registry does not list is still read (it may be a pre-release).
  const auto unlisted = scan::detail::chart_versions_to_read("1.39.1-rc.0", releases);
  CHECK(unlisted.size() == 11);
  CHECK(unlisted.front() == "1.39.1-rc.0");
}
