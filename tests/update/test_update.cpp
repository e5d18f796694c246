#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/drift/drift.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/update/lock_file.hpp"
#include "versiond/update/update.hpp"

namespace fs = std::filesystem;
using versiond::RepoRoot;
using versiond::test::TempDir;
using versiond::update::parse_set;
using versiond::update::plan_update;
using versiond::update::UpdateOptions;
using versiond::update::UpdatePlan;
using versiond::update::UpdateRequest;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

UpdatePlan plan(const TempDir& dir, const std::vector<UpdateRequest>& requests,
                const UpdateOptions& options = {}) {
  const RepoRoot root(dir.path());
  const auto inv = versiond::extract::build_inventory(root);
  REQUIRE(inv.errors.empty());
  return plan_update(root, inv, requests, options);
}

const std::string k_h1 = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
const std::string k_zh = "zh:1111111111111111111111111111111111111111111111111111111111111111";

void make_terraform_repo(const TempDir& dir) {
  dir.write("VERSIONS.md",
            "| Component | Current | Location |\n|---|---|---|\n"
            "| AzureRM provider (lock) | `3.37.0` | `tf/.terraform.lock.hcl` |\n");
  dir.write("tf/main.tf",
            "terraform {\n  required_providers {\n    azurerm = {\n"
            "      source  = \"hashicorp/azurerm\"\n      version = \"~> 3.37.0\"\n    }\n"
            "  }\n}\n");
  dir.write(
      "tf/.terraform.lock.hcl",
      versiond::test::read_fixture("update/lockfiles/opsteady-vault-config.terraform.lock.hcl"));
}

}  // namespace

TEST_CASE("parse_set reads NAME=VERSION and VERSION@SHA", "[update][plan]") {
  const auto r = parse_set("NATS Server=2.11.1");
  CHECK(r.selector == "NATS Server");
  CHECK(r.version == "2.11.1");
  CHECK(r.sha.empty());
  const auto a = parse_set("actions/checkout=v4.2.2@11bd71901bbe5b1630ceea73d27597364c9af683");
  CHECK(a.version == "v4.2.2");
  CHECK(a.sha == "11bd71901bbe5b1630ceea73d27597364c9af683");
  CHECK_THROWS_AS(parse_set("NATS"), versiond::Error);
  CHECK_THROWS_AS(parse_set("x=1.0@nothex"), versiond::Error);
  CHECK_THROWS_AS(parse_set("x="), versiond::Error);
}

TEST_CASE("a plan touches only the lines holding the old version", "[update][plan]") {
  TempDir dir;
  dir.write("a/compose.yaml",
            "services:\n  x:\n    image: redis:7.2.4\n  y:\n    image: nginx:1.25.3\n");
  dir.write("b/compose.yaml", "services:\n  cache:\n    image: redis:7.2.4\n");
  const auto p = plan(dir, {{"docker.io/library/redis", "7.4.1", ""}});
  REQUIRE(p.files.size() == 2);
  CHECK(p.files[0].file == "a/compose.yaml");
  CHECK(p.files[0].after ==
        "services:\n  x:\n    image: redis:7.4.1\n  y:\n    image: nginx:1.25.3\n");
  CHECK(p.files[1].after == "services:\n  cache:\n    image: redis:7.4.1\n");
  CHECK(p.edits.size() == 2);
  // Nothing is written by planning.
  CHECK(slurp(dir.path() / "a/compose.yaml") == p.files[0].before);
}

TEST_CASE("a SHA-pinned action needs the release commit", "[update][plan]") {
  TempDir dir;
  dir.write(".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n");
  CHECK_THROWS_WITH(plan(dir, {{"actions/checkout", "v4.2.2", ""}}), Catch::Contains("@SHA"));
  const auto p = plan(dir, {parse_set("actions/checkout=v4.2.2@"
                                      "11bd71901bbe5b1630ceea73d27597364c9af683")});
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].after.find(
            "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n") !=
        std::string::npos);
}

TEST_CASE("a provider update writes the lock entry with hashes from the hash source",
          "[update][plan]") {
  TempDir dir;
  make_terraform_repo(dir);
  // Without a way to get hashes, a lock file is not guessed at.
  CHECK_THROWS_WITH(plan(dir, {{"hashicorp/azurerm", "3.40.0", ""}}), Catch::Contains("hashes"));
  UpdateOptions options;
  std::string asked;
  options.lock_hashes = [&](const versiond::update::LockHashRequest& request) {
    asked = request.lock_file + " " + request.provider + " " + request.version;
    return std::optional<std::vector<std::string>>({k_zh, k_h1});
  };
  const auto p = plan(dir, {{"hashicorp/azurerm", "3.40.0", ""}}, options);
  CHECK(asked == "tf/.terraform.lock.hcl hashicorp/azurerm 3.40.0");
  const RepoRoot root(dir.path());
  versiond::update::write_plan(root, p);
  CHECK(slurp(dir.path() / "tf/main.tf").find("version = \"~> 3.40.0\"") != std::string::npos);
  const auto entry = versiond::update::find_lock_entry(slurp(dir.path() / "tf/.terraform.lock.hcl"),
                                                       "hashicorp/azurerm");
  REQUIRE(entry);
  CHECK(entry->version == "3.40.0");
  CHECK(entry->constraints == std::optional<std::string>("~> 3.40.0"));
  CHECK(entry->hashes == std::vector<std::string>{k_h1, k_zh});
  CHECK(slurp(dir.path() / "VERSIONS.md").find("| `3.40.0` |") != std::string::npos);
  const auto inv = versiond::extract::build_inventory(root);
  for (const auto& f : versiond::drift::check_drift(inv.components, root).findings) {
    INFO(f.message);
    CHECK(f.kind != "version-mismatch");
  }
}

TEST_CASE("write_plan restores what it wrote when a later file fails", "[update][plan]") {
  TempDir dir;
  dir.write("a/compose.yaml", "services:\n  x:\n    image: redis:7.2.4\n");
  dir.write("b/compose.yaml", "services:\n  y:\n    image: redis:7.2.4\n");
  const auto p = plan(dir, {{"docker.io/library/redis", "7.4.1", ""}});
  REQUIRE(p.files.size() == 2);
  dir.write("b/compose.yaml", "services:\n  y:\n    image: redis:7.2.4\n# edited meanwhile\n");
  const RepoRoot root(dir.path());
  CHECK_THROWS_WITH(versiond::update::write_plan(root, p), Catch::Contains("b/compose.yaml"));
  CHECK(slurp(dir.path() / "a/compose.yaml") == "services:\n  x:\n    image: redis:7.2.4\n");
  CHECK(slurp(dir.path() / "b/compose.yaml") ==
        "services:\n  y:\n    image: redis:7.2.4\n# edited meanwhile\n");
  // No temporary files are left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(dir.path())) {
    ++files;
  }
  CHECK(files == 4);
}

TEST_CASE("unified_diff shows each change with context", "[update][plan]") {
  UpdatePlan p;
  p.files.push_back({"x.yaml", "a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\n"});
  CHECK(versiond::update::unified_diff(p) ==
        "--- a/x.yaml\n+++ b/x.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
  UpdatePlan q;
  q.files.push_back({"y", "1\n2", "1\n3"});
  CHECK(versiond::update::unified_diff(q) ==
        "--- a/y\n+++ b/y\n@@ -1,2 +1,2 @@\n 1\n-2\n\\ No newline at end of file\n+3\n\\ No "
        "newline at end of file\n");
}

TEST_CASE("a component set twice in one run is a usage error", "[update][plan]") {
  TempDir dir;
  dir.write("a/compose.yaml", "services:\n  x:\n    image: redis:7.2.4\n");
  CHECK_THROWS_WITH(plan(dir, {{"docker.io/library/redis", "7.4.1", ""},
                               {"docker.io/library/redis", "7.4.2", ""}}),
                    Catch::Contains("more than once"));
}

TEST_CASE("write_plan keeps a file's permission bits", "[update][plan]") {
  TempDir dir;
  const auto file = dir.write("a/compose.yaml", "services:\n  x:\n    image: redis:7.2.4\n");
  fs::permissions(file, fs::perms::owner_all | fs::perms::group_read, fs::perm_options::replace);
  const auto p = plan(dir, {{"docker.io/library/redis", "7.4.1", ""}});
  versiond::update::write_plan(RepoRoot(dir.path()), p);
  CHECK(slurp(file).find("redis:7.4.1") != std::string::npos);
  CHECK(fs::status(file).permissions() == (fs::perms::owner_all | fs::perms::group_read));
}
