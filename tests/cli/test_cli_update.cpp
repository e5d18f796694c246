#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A Deployment with a nats and a nats-box container (line 10 and line 12 hold the images).
std::string nats_deployment(const std::string& nats_image, const std::string& box_image) {
  return "apiVersion: apps/v1\n"
         "kind: Deployment\n"
         "metadata:\n"
         "  name: nats\n"
         "spec:\n"
         "  template:\n"
         "    spec:\n"
         "      containers:\n"
         "        - name: nats\n"
         "          image: " +
         nats_image +
         "\n"
         "        - name: box\n"
         "          image: " +
         box_image + "\n";
}

// A small repository: a version table tracking a manifest, a Dockerfile and
// Terraform, in CRLF where a Windows checkout would have it.
void make_repo(const TempDir& dir) {
  dir.write("VERSIONS.md",
            "# Versions\r\n"
            "\r\n"
            "| Component | Current | Last updated | Location |\r\n"
            "|---|---|---|---|\r\n"
            "| **NATS Server** | `v2.10.24` | 2025-01-02 | `k8s/nats.yaml` |\r\n"
            "| **Alpine** | `3.19` | 2025-01-02 | `docker/Dockerfile` |\r\n"
            "| **AzureRM provider** | `~> 4.78.0` | 2025-01-02 | `tf/main.tf` |\r\n"
            "| **NATS Box** | `0.14.5` | 2025-01-02 | `k8s/nats.yaml` |\r\n");
  dir.write("k8s/nats.yaml", nats_deployment("nats:2.10.24 # nats:2.10.24 is what staging runs",
                                             "natsio/nats-box:0.14.5"));
  dir.write("docker/Dockerfile", "FROM alpine:3.19\nRUN echo hi\n");
  dir.write("tf/main.tf",
            "terraform {\n"
            "  required_providers {\n"
            "    azurerm = {\n"
            "      source  = \"hashicorp/azurerm\"\n"
            "      version = \"~> 4.78.0\"\n"
            "    }\n"
            "  }\n"
            "}\n");
}

std::string repo_arg(const TempDir& dir) { return dir.path().string(); }

}  // namespace

TEST_CASE("update --help documents its options", "[cli][update]") {
  const auto r = run_versiond({"update", "--help"});
  CHECK(r.exit_code == 0);
  for (const char* option : {"--repo", "--set", "--dry-run", "--format", "--now"}) {
    CHECK(r.out.find(option) != std::string::npos);
  }
}

TEST_CASE("update edits the pin and its VERSIONS.md row together, check stays clean",
          "[cli][update]") {
  TempDir dir;
  make_repo(dir);
  REQUIRE(run_versiond({"check", "--repo", repo_arg(dir)}).exit_code == 0);
  const std::string table_before = slurp(dir.path() / "VERSIONS.md");

  const auto r = run_versiond(
      {"update", "--repo", repo_arg(dir), "--set", "NATS Server=2.11.1", "--now", "2026-12-06"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("k8s/nats.yaml:10") != std::string::npos);
  CHECK(slurp(dir.path() / "k8s/nats.yaml")
            .find("          image: nats:2.11.1 # nats:2.10.24 is what staging runs\n") !=
        std::string::npos);
  const std::string table = slurp(dir.path() / "VERSIONS.md");
  CHECK(table.find("| **NATS Server** | `v2.11.1` | 2026-12-06 | `k8s/nats.yaml` |\r\n") !=
        std::string::npos);
  // The other rows are byte-identical.
  CHECK(table.substr(table.find("| **Alpine**")) ==
        table_before.substr(table_before.find("| **Alpine**")));
  CHECK(slurp(dir.path() / "k8s/nats.yaml").find("natsio/nats-box:0.14.5\n") != std::string::npos);

  const auto check = run_versiond({"check", "--repo", repo_arg(dir)});
  INFO(check.out);
  CHECK(check.exit_code == 0);
}

TEST_CASE("update by package moves every pin of it, check stays clean", "[cli][update]") {
  TempDir dir;
  make_repo(dir);
  // The package column of `versiond inventory`.
  const std::string alpine_package = "docker.io/library/alpine";
  REQUIRE(run_versiond({"inventory", "--repo", repo_arg(dir)}).out.find(alpine_package) !=
          std::string::npos);
  const auto r = run_versiond({"update", "--repo", repo_arg(dir), "--set", alpine_package + "=3.20",
                               "--now", "2026-12-06"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(dir.path() / "docker/Dockerfile") == "FROM alpine:3.20\nRUN echo hi\n");
  CHECK(slurp(dir.path() / "VERSIONS.md").find("| **Alpine** | `3.20` | 2026-12-06 |") !=
        std::string::npos);
  CHECK(run_versiond({"check", "--repo", repo_arg(dir)}).exit_code == 0);
}

TEST_CASE("update shifts a Terraform constraint and its row", "[cli][update]") {
  TempDir dir;
  make_repo(dir);
  const auto r = run_versiond({"update", "--repo", repo_arg(dir), "--set",
                               "hashicorp/azurerm=4.79.2", "--now", "2026-12-06"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(dir.path() / "tf/main.tf").find("      version = \"~> 4.79.0\"\n") !=
        std::string::npos);
  CHECK(slurp(dir.path() / "VERSIONS.md").find("| `~> 4.79.0` | 2026-12-06 |") !=
        std::string::npos);
  CHECK(run_versiond({"check", "--repo", repo_arg(dir)}).exit_code == 0);
}

TEST_CASE("update --dry-run prints a unified diff and writes nothing", "[cli][update]") {
  TempDir dir;
  make_repo(dir);
  const std::string manifest = slurp(dir.path() / "k8s/nats.yaml");
  const std::string table = slurp(dir.path() / "VERSIONS.md");
  const auto r = run_versiond({"update", "--repo", repo_arg(dir), "--set", "NATS Server=2.11.1",
                               "--dry-run", "--now", "2026-12-06"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("--- a/k8s/nats.yaml\n+++ b/k8s/nats.yaml\n@@ -7,6 +7,6 @@\n") !=
        std::string::npos);
  CHECK(r.out.find("\n-          image: nats:2.10.24 # nats:2.10.24 is what staging runs\n"
                   "+          image: nats:2.11.1 # nats:2.10.24 is what staging runs\n") !=
        std::string::npos);
  CHECK(r.out.find("--- a/VERSIONS.md\n") != std::string::npos);
  CHECK(slurp(dir.path() / "k8s/nats.yaml") == manifest);
  CHECK(slurp(dir.path() / "VERSIONS.md") == table);
}

TEST_CASE("update JSON lists every edit", "[cli][update]") {
  TempDir dir;
  make_repo(dir);
  const auto r = run_versiond({"update", "--repo", repo_arg(dir), "--set", "NATS Server=2.11.1",
                               "--format", "json", "--dry-run", "--now", "2026-12-06"});
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["written"] == false);
  REQUIRE(j["edits"].size() == 2);
  CHECK(j["edits"][0]["file"] == "VERSIONS.md");
  CHECK(j["edits"][0]["new"] == "v2.11.1");
  CHECK(j["edits"][1]["file"] == "k8s/nats.yaml");
  CHECK(j["edits"][1]["old"] == "2.10.24");
  CHECK(j["edits"][1]["new"] == "2.11.1");
}

TEST_CASE("update: unknown names and bad versions exit 2 and change nothing", "[cli][update]") {
  TempDir dir;
  make_repo(dir);
  const std::string manifest = slurp(dir.path() / "k8s/nats.yaml");
  const std::string table = slurp(dir.path() / "VERSIONS.md");
  const auto unknown = run_versiond(
      {"update", "--repo", repo_arg(dir), "--set", "NATS Server=2.11.1", "--set", "Nope=1.0.0"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("'Nope'") != std::string::npos);
  const auto bad =
      run_versiond({"update", "--repo", repo_arg(dir), "--set", "hashicorp/azurerm=not-a-version"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("not-a-version") != std::string::npos);
  const auto malformed = run_versiond({"update", "--repo", repo_arg(dir), "--set", "NATS"});
  CHECK(malformed.exit_code == 2);
  CHECK(slurp(dir.path() / "k8s/nats.yaml") == manifest);
  CHECK(slurp(dir.path() / "VERSIONS.md") == table);
}

TEST_CASE("update stops on digest pins it cannot move with one line, exit 2, nothing written",
          "[cli][update]") {
  TempDir dir;
  const std::string a(64, 'a');
  const std::string b(64, 'b');
  dir.write("k8s/nats.yaml",
            nats_deployment("nats@sha256:" + a, "natsio/nats-box:0.14.5@sha256:" + b));
  dir.write("docker/Dockerfile", "FROM alpine:3.19\nRUN echo hi\n");
  const std::string manifest = slurp(dir.path() / "k8s/nats.yaml");
  const std::string dockerfile = slurp(dir.path() / "docker/Dockerfile");
  const auto one_line = [](const std::string& err) {
    return !err.empty() && err.find('\n') == err.size() - 1;
  };

  SECTION("an image pinned by digest only") {
    const auto r =
        run_versiond({"update", "--repo", repo_arg(dir), "--set", "docker.io/library/nats=2.11.1"});
    CHECK(r.exit_code == 2);
    CHECK(one_line(r.err));
    CHECK(r.err.find("k8s/nats.yaml:10: docker.io/library/nats is pinned by digest only (sha256:" +
                     a + ")") != std::string::npos);
  }
  SECTION("an image pinning a digest next to its tag, its registry unreachable") {
    // The digest moves with the tag only when the registry says what it becomes.
    dir.write("versiond.yaml",
              "endpoints:\n  registry_mirrors:\n    docker.io: http://127.0.0.1:1\n"
              "http:\n  allow_plain_http_hosts: [127.0.0.1]\n  max_retries: 0\n");
    const auto r = run_versiond(
        {"update", "--repo", repo_arg(dir), "--set", "docker.io/natsio/nats-box=0.14.6"});
    CHECK(r.exit_code == 2);
    CHECK(one_line(r.err));
    CHECK(r.err.find("k8s/nats.yaml:12: docker.io/natsio/nats-box pins a digest next to its tag, "
                     "and the digest of 0.14.6 could not be read from its registry") !=
          std::string::npos);
  }
  SECTION("a digest pin next to a good request: the whole run is refused") {
    const auto r =
        run_versiond({"update", "--repo", repo_arg(dir), "--set", "docker.io/library/alpine=3.20",
                      "--set", "docker.io/library/nats=2.11.1"});
    CHECK(r.exit_code == 2);
    CHECK(one_line(r.err));
  }
  CHECK(slurp(dir.path() / "k8s/nats.yaml") == manifest);
  CHECK(slurp(dir.path() / "docker/Dockerfile") == dockerfile);
}
