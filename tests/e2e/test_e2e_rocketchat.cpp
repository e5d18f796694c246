// End to end: the real versiond binary on a Rocket.Chat-on-AKS GitOps fixture repository.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using versiond::test::copy_fixture_tree;
using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

const std::string k_fixture = std::string(VERSIOND_FIXTURES) + "/repo-rocketchat";

const json* find(const json& arr, const std::string& key, const std::string& value) {
  for (const json& o : arr) {
    if (o.value(key, "") == value) {
      return &o;
    }
  }
  return nullptr;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

void replace(const fs::path& p, const std::string& from, const std::string& to) {
  std::string s = read(p);
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  write(p, s);
}

}  // namespace

TEST_CASE("inventory --format json on the GitOps fixture", "[e2e][inventory]") {
  const auto r = run_versiond({"inventory", "--repo", k_fixture, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const json inv = json::parse(r.out)["components"];
  REQUIRE(inv.is_array());
  CHECK(json::parse(r.out)["errors"] == json::array());
  CHECK(inv.size() == 63);

  // Stable order: by file, then line.
  for (std::size_t i = 1; i < inv.size(); ++i) {
    const auto& a = inv[i - 1]["origin"];
    const auto& b = inv[i]["origin"];
    CHECK((a["file"] < b["file"] || (a["file"] == b["file"] && a["line"] <= b["line"])));
  }
  for (const json& c : inv) {
    for (const char* key :
         {"name", "current", "kind", "datasource", "package", "scheme", "registry_url"}) {
      CHECK(c.contains(key));
    }
  }

  const json* alpine = find(inv, "name", "Alpine (Init Container)");
  REQUIRE(alpine);
  CHECK((*alpine)["current"] == "3.20");
  CHECK((*alpine)["kind"] == "versions-table");
  CHECK((*alpine)["datasource"] == "docker");
  CHECK((*alpine)["package"] == "docker.io/library/alpine");
  CHECK((*alpine)["origin"]["file"] == "VERSIONS.md");
  CHECK((*alpine)["origin"]["line"] == 14);
  CHECK((*alpine)["locations"] == json::array({"ops/manifests/prometheus-agent-deployment.yaml",
                                               "ops/manifests/otel-collector-deployment.yaml"}));

  const json* tg = find(inv, "name", "TelemetryGen");
  REQUIRE(tg);
  CHECK((*tg)["skip_reason"] == "truncated digest");

  const json* nats = find(inv, "package", "docker.io/library/nats");
  REQUIRE(nats);
  CHECK((*nats)["current"] == "2.4-alpine");
  CHECK((*nats)["kind"] == "k8s-image");
  CHECK((*nats)["scheme"] == "docker");
  CHECK((*nats)["origin"]["file"] == "ops/manifests/rocketchat-nats.yaml");
  CHECK((*nats)["origin"]["line"] == 22);
  CHECK_FALSE(nats->contains("locations"));

  const json* prom = find(inv, "package", "quay.io/prometheus/prometheus");
  REQUIRE(prom);  // CRLF file, single-quoted value, trailing comment
  CHECK((*prom)["current"] == "v3.8.1");
  CHECK((*prom)["origin"]["line"] == 26);

  const json* rc = find(inv, "name", "rocketchat");
  REQUIRE(rc);  // multi-source app
  CHECK((*rc)["kind"] == "argocd-helm");
  CHECK((*rc)["current"] == "6.29.0");
  CHECK((*rc)["registry_url"] == "https://rocketchat.github.io/helm-charts");

  const json* eso = find(inv, "name", "external-secrets");
  REQUIRE(eso);  // OCI repository without a scheme
  CHECK((*eso)["registry_url"] == "oci://ghcr.io/external-secrets/charts");
  CHECK((*eso)["current"] == "0.10.5");

  const json* traefik = find(inv, "package", "docker.io/library/traefik");
  REQUIRE(traefik);  // inline helm.values of an ArgoCD app
  CHECK((*traefik)["origin"]["file"] == "GrafanaLocal/argocd/applications/aks-traefik.yaml");
  CHECK((*traefik)["origin"]["line"] == 17);

  const json* app = find(inv, "package", "registry.rocket.chat/rocketchat/rocket.chat");
  REQUIRE(app);
  CHECK((*app)["current"] == "7.13.2");
  CHECK((*app)["kind"] == "helm-values-image");

  const json* lock = find(inv, "kind", "terraform-lock");
  REQUIRE(lock);
  CHECK((*lock)["package"] == "hashicorp/azuread");
  CHECK((*lock)["hashes"].size() == 11);
  CHECK((*lock)["constraint"] == "1.2.1");

  const json* azurerm = find(inv, "name", "azurerm");
  REQUIRE(azurerm);
  CHECK((*azurerm)["kind"] == "terraform-provider");
  CHECK((*azurerm)["current"] == "2.41.0");
  CHECK((*azurerm)["origin"]["line"] == 8);

  // Chart templates are skipped; its values-aks.yaml is read.
  CHECK(find(inv, "package", "docker.io/library/busybox") != nullptr);
  for (const json& c : inv) {
    CHECK(c["origin"]["file"].get<std::string>().find("templates/") == std::string::npos);
  }
}

TEST_CASE("inventory text output is an aligned table", "[e2e][inventory]") {
  const auto r = run_versiond({"inventory", "--repo", k_fixture});
  REQUIRE(r.exit_code == 0);
  const auto first_nl = r.out.find('\n');
  const std::string header = r.out.substr(0, first_nl);
  CHECK(header.rfind("FILE:LINE", 0) == 0);
  const auto kind_col = header.find("KIND");
  CHECK(r.out.find("\nVERSIONS.md:11" + std::string(kind_col - 14, ' ') + "versions-table") !=
        std::string::npos);
}

TEST_CASE("check on the clean fixture: no drift, exit 0", "[e2e][check]") {
  const auto json_run = run_versiond({"check", "--repo", k_fixture, "--format", "json"});
  INFO(json_run.out << json_run.err);
  CHECK(json_run.exit_code == 0);
  CHECK(json::parse(json_run.out)["findings"] == json::array());
  const auto text_run = run_versiond({"check", "--repo", k_fixture});
  CHECK(text_run.exit_code == 0);
  CHECK(text_run.out == "no drift: 24 table rows match the code\n");
}

TEST_CASE("check on the fixture with injected drift", "[e2e][check]") {
  TempDir dir;
  copy_fixture_tree("repo-rocketchat", dir.path());
  const fs::path ops = dir.path() / "ops/manifests";
  // version-mismatch: the NATS image moved on without VERSIONS.md.
  replace(ops / "rocketchat-nats.yaml", "image: nats:2.4-alpine", "image: nats:2.10.24");
  // component-missing: nats-box removed from the file its row names.
  replace(ops / "rocketchat-nats.yaml", "image: natsio/nats-box:0.8.1",
          "image: natsio/nats-top:0.6.1");
  // location-missing: the Promtail manifest was deleted (Alloy replaced it).
  fs::remove(ops / "promtail-daemonset.yaml");
  // not drift: "v" prefixes differ only.
  replace(dir.path() / "values.yaml", "tag: 7.13.2", "tag: v7.13.2");
  // version-mismatch on a Terraform constraint.
  replace(dir.path() / "terraform/main.tf", "version = \"~> 5.0\"", "version = \"~> 6.0\"");
  // a row whose location escapes the repository.
  std::string versions = read(dir.path() / "VERSIONS.md");
  versions +=
      "\n| Component | Current | Location |\n|---|---|---|\n| Passwords | 1.0 | `../../etc/passwd` "
      "|\n";
  write(dir.path() / "VERSIONS.md", versions);

  const auto r = run_versiond({"check", "--repo", dir.path().string(), "--format", "json"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  CHECK(r.err.empty());
  const json findings = json::parse(r.out)["findings"];
  std::vector<std::string> got;
  for (const json& f : findings) {
    got.push_back(f["kind"].get<std::string>() + "|" + f["name"].get<std::string>() + "|" +
                  f["expected"].get<std::string>() + "|" + f["found"].get<std::string>() + "|" +
                  f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()));
  }
  CHECK(got ==
        std::vector<std::string>{
            "location-missing|Promtail|v3.6.0||VERSIONS.md:13",
            "component-missing|NATS Box|0.8.1||VERSIONS.md:25",
            "location-missing|Passwords|1.0||VERSIONS.md:61",
            "version-mismatch|NATS Server|2.4-alpine|2.10.24|ops/manifests/rocketchat-nats.yaml:22",
            "untracked|docker.io/natsio/nats-top||0.6.1|ops/manifests/rocketchat-nats.yaml:48",
            "version-mismatch|AKS Network Module|~> 5.0|~> 6.0|terraform/main.tf:28",
        });
  const json* passwd = find(findings, "name", "Passwords");
  REQUIRE(passwd);
  CHECK((*passwd)["message"] ==
        "location '../../etc/passwd' is outside the repository; it was not read");

  const auto text = run_versiond({"check", "--repo", dir.path().string()});
  CHECK(text.exit_code == 1);
  CHECK(text.out.rfind("KIND", 0) == 0);
  CHECK(text.out.find("\nversion-mismatch   NATS Server ") != std::string::npos);
}
