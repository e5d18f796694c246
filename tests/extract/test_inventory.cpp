#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"
#include "versiond/extract/inventory.hpp"

namespace fs = std::filesystem;
using versiond::RepoRoot;
using versiond::extract::build_inventory;
using versiond::test::TempDir;

namespace {

bool has_error(const versiond::extract::Inventory& inv, const std::string& text) {
  return std::any_of(inv.errors.begin(), inv.errors.end(),
                     [&](const std::string& e) { return e.find(text) != std::string::npos; });
}

std::vector<std::string> origins(const versiond::extract::Inventory& inv) {
  std::vector<std::string> out;
  for (const auto& c : inv.components) {
    out.push_back(c.origin.file + ":" + std::to_string(c.origin.line));
  }
  return out;
}

const char* k_deploy =
    "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
    "      containers:\n        - image: nats:2.10.24\n";

}  // namespace

TEST_CASE("the walker reads every kind, in file order, and skips what is not ours",
          "[extract][inventory]") {
  TempDir dir;
  dir.write("VERSIONS.md", "| Component | Version |\n|---|---|\n| NATS | 2.10.24 |\n");
  dir.write("docs/version-tracking.md", "| Name | Current |\n|---|---|\n| Loki | 3.3.1 |\n");
  dir.write("ops/deploy.yaml", k_deploy);
  dir.write("terraform/main.tf", "terraform {\n  required_version = \">= 1.5\"\n}\n");
  dir.write("terraform/.terraform.lock.hcl",
            "provider \"registry.terraform.io/hashicorp/azurerm\" {\n  version = \"4.1.0\"\n}\n");
  dir.write("charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n");
  dir.write("charts/app/templates/pod.yaml", "image: {{ .Values.image }}\n  bad: [\n");
  dir.write("charts/app/values-prod.yaml", "image:\n  repository: nginx\n  tag: 1.27.3\n");
  dir.write("envs/prod-values.yml", "image: redis:7.4.1\n");
  dir.write(".git/config.yaml", "not: [valid\n");
  dir.write("node_modules/x/values.yaml", "bad: [\n");
  dir.write("terraform/.terraform/modules/m/main.tf", "bad {\n");
  dir.write("fixtures/other/.versiond-root", "");
  dir.write("fixtures/other/VERSIONS.md", "| Component | Version |\n|---|---|\n| X | 1 |\n");
  dir.write("README.md", "| Component | Version |\n|---|---|\n| NotTracked | 1 |\n");
  dir.write(".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n");

  const auto inv = build_inventory(RepoRoot(dir.path()));
  CHECK(inv.errors.empty());
  CHECK(origins(inv) == std::vector<std::string>{"VERSIONS.md:3", "charts/app/values-prod.yaml:3",
                                                 "docs/version-tracking.md:3",
                                                 "envs/prod-values.yml:1", "ops/deploy.yaml:7",
                                                 "terraform/.terraform.lock.hcl:2",
                                                 "terraform/main.tf:2"});
}

TEST_CASE("Chart.yaml, Kustomize, Dockerfiles, Compose and GitHub Actions are inventoried",
          "[extract][inventory]") {
  TempDir dir;
  dir.write("deploy/docker-compose.prod.yml",
            "services:\n  db:\n    image: mongo:${MONGO:-8.0.4}\n");
  dir.write(".github/workflows/build.yml",
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n"
            "      - uses: actions/checkout@v4\n");
  dir.write("tools/setup/action.yml",
            "runs:\n  using: composite\n  steps:\n    - uses: actions/setup-go@v5\n");
  dir.write("images/app/Dockerfile", "FROM nginx:1.27.3 AS web\nFROM web\n");
  dir.write("images/app/Dockerfile.debug", "FROM busybox:1.37.0\n");
  dir.write("images/worker/Containerfile", "FROM python:3.13-slim\n");
  dir.write("charts/rocketchat/Chart.yaml",
            "apiVersion: v2\nname: rocketchat\nversion: 6.27.0\ndependencies:\n"
            "  - name: nats\n    repository: https://nats-io.github.io/k8s/helm/charts\n"
            "    version: 0.15.x\n");
  dir.write("charts/rocketchat/Chart.lock", "dependencies: [\n");  // resolved copy: not read
  dir.write("overlays/dev/Kustomization",  // kustomize's name without an extension
            "images:\n  - name: nginx\n    newTag: 1.27.4\n");
  dir.write("overlays/prod/kustomization.yml", "images:\n  - name: nginx\n    newTag: 1.27.3\n");
  const auto inv = build_inventory(RepoRoot(dir.path()));
  CHECK(inv.errors.empty());
  REQUIRE(origins(inv) == std::vector<std::string>{
                              ".github/workflows/build.yml:6", "charts/rocketchat/Chart.yaml:7",
                              "deploy/docker-compose.prod.yml:3", "images/app/Dockerfile:1",
                              "images/app/Dockerfile.debug:1", "images/worker/Containerfile:1",
                              "overlays/dev/Kustomization:3", "overlays/prod/kustomization.yml:3",
                              "tools/setup/action.yml:4"});
  CHECK(inv.components[0].kind == versiond::PinKind::github_action);
  CHECK(inv.components[1].kind == versiond::PinKind::helm_dependency);
  CHECK(inv.components[2].kind == versiond::PinKind::compose_image);
  CHECK(inv.components[2].current == "8.0.4");
  CHECK(inv.components[3].kind == versiond::PinKind::dockerfile_image);
  CHECK(inv.components[5].package == "docker.io/library/python");
  CHECK(inv.components[6].kind == versiond::PinKind::kustomize_image);
  CHECK(inv.components[6].current == "1.27.4");
  CHECK(inv.components[7].package == "docker.io/library/nginx");
  CHECK(inv.components[8].package == "actions/setup-go");
}

TEST_CASE("values files named by ArgoCD apps are read as Helm values", "[extract][inventory]") {
  TempDir dir;
  dir.write("apps/rc.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  sources:\n"
            "    - repoURL: https://rocketchat.github.io/helm-charts\n      chart: rocketchat\n"
            "      targetRevision: 6.29.0\n      helm:\n        valueFiles:\n"
            "          - $values/config/rocketchat.yaml\n          - $values/../../etc/passwd\n"
            "          - $values/missing.yaml\n");
  dir.write("config/rocketchat.yaml",
            "image:\n  repository: registry.rocket.chat/rocketchat/rocket.chat\n  tag: 7.13.2\n");
  const auto inv = build_inventory(RepoRoot(dir.path()));
  CHECK(origins(inv) == std::vector<std::string>{"apps/rc.yaml:7", "config/rocketchat.yaml:3"});
  REQUIRE(inv.errors.size() == 1);
  CHECK(inv.errors[0] ==
        "apps/rc.yaml:1: valueFiles entry '../../etc/passwd' points outside the repository; not "
        "read");
}

TEST_CASE("bad files are reported one line each and the rest is still read",
          "[extract][inventory][bad-input]") {
  TempDir dir;
  dir.write("ops/good.yaml", k_deploy);
  dir.write("ops/broken.yaml", "apiVersion: v1\nkind: Pod\nspec: [\n");
  dir.write("terraform/bad.tf", "terraform {\n  required_version = \"1\n}\n");
  std::string binary = "apiVersion: v1\n";
  binary.push_back('\0');
  binary += "\x89PNG";
  dir.write("ops/binary.yaml", binary);
  // 50 MB, generated here and never committed.
  {
    std::ofstream big(dir.path() / "values.yaml", std::ios::binary);
    const std::string line = "# padding padding padding padding padding padding padding padding\n";
    for (std::size_t written = 0; written < std::size_t{50} * 1024 * 1024; written += line.size()) {
      big << line;
    }
  }
  fs::create_directories(dir.path() / "dir-named-like-a-file.yaml");
  fs::create_symlink("/etc/passwd", dir.path() / "ops/escape.yaml");
  fs::create_symlink("does-not-exist.yaml", dir.path() / "ops/dangling.yaml");
  REQUIRE(::mkfifo((dir.path() / "ops/fifo.yaml").c_str(), 0600) == 0);
  std::string deep = "apiVersion: v1\nkind: List\nitems: ";
  deep.append(100000, '[');
  dir.write("ops/deep.yaml", deep);

  const auto inv = build_inventory(RepoRoot(dir.path()));
  CHECK(origins(inv) == std::vector<std::string>{"ops/good.yaml:7"});
  CHECK(has_error(inv, "ops/broken.yaml:4: YAML syntax error"));
  CHECK(has_error(inv, "terraform/bad.tf:2: unterminated string"));
  CHECK(has_error(inv, "ops/binary.yaml:1: binary file (contains a NUL byte)"));
  CHECK(has_error(inv, "values.yaml:1: file is "));
  CHECK(has_error(inv, "more than the limit of 8388608"));
  CHECK(has_error(inv, "ops/escape.yaml:1: symlink points outside the repository; not read"));
  CHECK(has_error(inv, "ops/dangling.yaml:1: dangling symlink; not read"));
  CHECK(has_error(inv, "ops/fifo.yaml:1: not a regular file"));
  CHECK(has_error(inv, "ops/deep.yaml:3: YAML nested deeper than 128 levels"));
  CHECK(inv.errors.size() == 8);
}

TEST_CASE("an unreadable file is an error when permissions apply",
          "[extract][inventory][bad-input]") {
  TempDir dir;
  const fs::path p = dir.write("values.yaml", "image: nats:2.10.24\n");
  fs::permissions(p, fs::perms::none);
  const auto inv = build_inventory(RepoRoot(dir.path()));
  if (::access(p.c_str(), R_OK) == 0) {
    // Running as root: permission bits do not stop reads, so the file is inventoried.
    CHECK(inv.errors.empty());
    CHECK(inv.components.size() == 1);
  } else {
    REQUIRE(inv.errors.size() == 1);
    CHECK(inv.errors[0].rfind("values.yaml: cannot open", 0) == 0);
  }
}

TEST_CASE("files the git checkout ignores are not inventoried", "[extract][inventory]") {
  TempDir dir;
  git_libgit2_init();
  git_repository* repo = nullptr;
  REQUIRE(git_repository_init(&repo, dir.path().c_str(), 0) == 0);
  git_repository_free(repo);
  git_libgit2_shutdown();
  dir.write(".gitignore", "/bench/out/\n*.generated.yaml\n");
  dir.write("bench/out/repo/values.yaml", "image: nats:1.0.0\n");
  dir.write("ops/x.generated.yaml", k_deploy);
  dir.write("ops/deploy.yaml", k_deploy);
  const auto inv = build_inventory(RepoRoot(dir.path()));
  CHECK(inv.errors.empty());
  CHECK(origins(inv) == std::vector<std::string>{"ops/deploy.yaml:7"});
  // A sub-folder of the checkout as the root: the same rules apply.
  const auto sub = build_inventory(RepoRoot(dir.path() / "ops"));
  CHECK(origins(sub) == std::vector<std::string>{"deploy.yaml:7"});
  // An ignored folder given as the root is inventoried as a whole.
  const auto ignored_root = build_inventory(RepoRoot(dir.path() / "bench/out"));
  CHECK(origins(ignored_root) == std::vector<std::string>{"repo/values.yaml:1"});
}

TEST_CASE("a tracked file is read even when an ignore rule matches it", "[extract][inventory]") {
  // Tracked files are in every clone; the index answers without the ignore
  // rules (which libgit2 evaluates with a .gitignore lookup per parent folder).
  TempDir dir;
  dir.write(".gitignore", "*.generated.yaml\n/out/\n");
  dir.write("ops/pinned.generated.yaml", k_deploy);  // force-added to the index below
  dir.write("ops/build.generated.yaml", k_deploy);   // ignored, untracked
  dir.write("out/tracked/values.yaml", "image: nats:1.0.0\n");
  dir.write("out/untracked-values.yaml", "image: nats:2.0.0\n");
  git_libgit2_init();
  git_repository* repo = nullptr;
  REQUIRE(git_repository_init(&repo, dir.path().c_str(), 0) == 0);
  git_index* index = nullptr;
  REQUIRE(git_repository_index(&index, repo) == 0);
  REQUIRE(git_index_add_bypath(index, "ops/pinned.generated.yaml") == 0);
  REQUIRE(git_index_add_bypath(index, "out/tracked/values.yaml") == 0);
  REQUIRE(git_index_write(index) == 0);
  git_index_free(index);
  git_repository_free(repo);
  git_libgit2_shutdown();
  const auto inv = build_inventory(RepoRoot(dir.path()));
  CHECK(inv.errors.empty());
  CHECK(origins(inv) ==
        std::vector<std::string>{"ops/pinned.generated.yaml:7", "out/tracked/values.yaml:1"});
}
