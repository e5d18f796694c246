// Bad input through the real binary: a clear one-line message and a non-zero
// exit, never a crash (a signal shows up as an exit code of 128 or more).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

const char* k_good_table =
    "| Component | Current Version | Location |\n|---|---|---|\n| NATS | 2.10.24 | `ops/nats.yaml` "
    "|\n";
const char* k_good_manifest =
    "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
    "        - image: nats:2.10.24\n";

// Per-file diagnostics: reported (and listed under "errors"), the rest is
// still read; --strict turns them into exit 2.
void expect_error(const std::string& repo, const std::string& message) {
  for (const char* cmd : {"inventory", "check"}) {
    const auto lenient = run_versiond({cmd, "--repo", repo, "--format", "json"});
    INFO(cmd << " stderr: " << lenient.err);
    CHECK(lenient.exit_code != 2);
    CHECK(lenient.exit_code < 128);
    CHECK(nlohmann::json::parse(lenient.out)["errors"].size() >= 1);
    const auto r = run_versiond({cmd, "--repo", repo, "--format", "json", "--strict"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(message) != std::string::npos);
    // Every diagnostic is one line starting with "versiond: ".
    std::size_t start = 0;
    while (start < r.err.size()) {
      CHECK(r.err.compare(start, 10, "versiond: ") == 0);
      start = r.err.find('\n', start) + 1;
    }
  }
}

}  // namespace

TEST_CASE("binary file", "[e2e][bad-input]") {
  TempDir dir;
  dir.write("ops/nats.yaml", k_good_manifest);
  std::string png = "\x89PNG\r\n";
  png.push_back('\0');
  dir.write("values.yaml", png);
  expect_error(dir.path().string(),
               "versiond: error: values.yaml:1: binary file (contains a NUL byte)");
}

TEST_CASE("a 50 MB file", "[e2e][bad-input]") {
  TempDir dir;
  {
    std::ofstream big(dir.path() / "VERSIONS.md", std::ios::binary);
    const std::string row = "| Component | Version |\n|---|---|\n";
    big << row;
    const std::string line = "| padding | 1.0.0 |\n";
    for (std::size_t n = 0; n < 50u * 1024u * 1024u; n += line.size()) {
      big << line;
    }
  }
  expect_error(dir.path().string(), "VERSIONS.md:1: file is ");
  expect_error(dir.path().string(), "bytes, more than the limit of 8388608");
}

TEST_CASE("a 100 MB manifest is refused by its size, never read", "[e2e][bad-input]") {
  TempDir dir;
  // Sparse: 100 MB to stat, nothing on disk; reading it would find NULs, so the
  // message proves the size was checked first.
  const auto huge = dir.write("k8s/huge.yaml", "");
  fs::resize_file(huge, 100u * 1024u * 1024u);
  expect_error(dir.path().string(),
               "k8s/huge.yaml:1: file is 104857600 bytes, more than the limit");
}

TEST_CASE("deeply nested YAML", "[e2e][bad-input]") {
  TempDir dir;
  std::string deep = "apiVersion: v1\nkind: List\nitems: ";
  deep.append(100000, '[');
  dir.write("ops/deep.yaml", deep);
  std::string block;
  for (int i = 0; i < 100000; ++i) {
    block += "- ";
  }
  dir.write("values.yaml", block + "x\n");
  expect_error(dir.path().string(),
               "ops/deep.yaml:3: YAML nested deeper than 128 levels; refusing to parse");
  expect_error(dir.path().string(), "values.yaml:1: YAML nested deeper than 128 levels");
}

TEST_CASE("unreadable files: dangling symlink, symlink out, special file", "[e2e][bad-input]") {
  // Tests run as root, so chmod 000 does not stop reads; these cannot be read by anyone.
  TempDir dir;
  dir.write("ops/nats.yaml", k_good_manifest);
  fs::create_symlink("gone.yaml", dir.path() / "ops/dangling.yaml");
  fs::create_symlink("/etc/hostname", dir.path() / "ops/outside.yaml");
  REQUIRE(::mkfifo((dir.path() / "values.yaml").c_str(), 0600) == 0);
  expect_error(dir.path().string(),
               "versiond: error: ops/dangling.yaml:1: dangling symlink; not read");
  expect_error(
      dir.path().string(),
      "versiond: error: ops/outside.yaml:1: symlink points outside the repository; not read");
  expect_error(dir.path().string(), "versiond: error: values.yaml:1: not a regular file");
}

TEST_CASE("malformed files name file and line", "[e2e][bad-input]") {
  TempDir dir;
  dir.write("terraform/main.tf", "terraform {\n  required_version = \">= 1.0\n}\n");
  expect_error(dir.path().string(), "versiond: error: terraform/main.tf:2: unterminated string");
  TempDir dir2;
  dir2.write("terraform/.terraform.lock.hcl",
             "provider \"registry.terraform.io/hashicorp/aws\" {\n}\n");
  expect_error(dir2.path().string(),
               "terraform/.terraform.lock.hcl:1: provider \"registry.terraform.io/hashicorp/aws\": "
               "missing version");
}

TEST_CASE("a Location cell pointing outside the repository is never read", "[e2e][bad-input]") {
  TempDir outer;
  // A secret next to the repository: "../secret.yaml" from inside it.
  const fs::path repo = outer.path() / "repo";
  fs::create_directories(repo);
  std::ofstream(outer.path() / "secret.yaml") << k_good_manifest;
  std::ofstream(repo / "VERSIONS.md")
      << "| Component | Current Version | Location |\n|---|---|---|\n"
      << "| NATS | 2.10.24 | `../secret.yaml` |\n"
      << "| Passwd | 1.0 | `../../etc/passwd` |\n"
      << "| Absolute | 1.0 | `/etc/passwd` |\n"
      << "| Link | 1.0 | `link.yaml` |\n";
  fs::create_symlink("../secret.yaml", repo / "link.yaml");
  const auto r = run_versiond({"check", "--repo", repo.string(), "--format", "json", "--strict"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);  // the symlink out is an input error as well as drift
  CHECK(r.err.find("link.yaml:1: symlink points outside the repository; not read") !=
        std::string::npos);
  CHECK(r.out.find("location '../secret.yaml' is outside the repository; it was not read") !=
        std::string::npos);
  CHECK(r.out.find("location '../../etc/passwd' is outside the repository; it was not read") !=
        std::string::npos);
  CHECK(r.out.find("location '/etc/passwd' is outside the repository; it was not read") !=
        std::string::npos);
  CHECK(r.out.find("location 'link.yaml' is outside the repository; it was not read") !=
        std::string::npos);
  // The secret's pin (2.10.24) was never read: nothing was found anywhere.
  const auto parsed = nlohmann::json::parse(r.out);  // a range over a temporary's member dangles
  REQUIRE_FALSE(parsed["findings"].empty());
  for (const auto& f : parsed["findings"]) {
    CHECK(f["kind"] == "location-missing");
    CHECK(f["found"] == "");
  }

  // Without the symlink the same table is plain drift: exit 1.
  fs::remove(repo / "link.yaml");
  const auto r2 = run_versiond({"check", "--repo", repo.string()});
  CHECK(r2.exit_code == 1);
  CHECK(r2.out.find("location-missing") != std::string::npos);
}

TEST_CASE("usage errors", "[e2e][bad-input]") {
  const auto missing = run_versiond({"inventory", "--repo", "/nonexistent/repo"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "versiond: error: repository '/nonexistent/repo' is not a readable directory\n");
  const auto format = run_versiond({"check", "--format", "xml"});
  CHECK(format.exit_code == 2);
  CHECK(format.err.find("xml") != std::string::npos);
  TempDir dir;
  dir.write("VERSIONS.md", k_good_table);
  dir.write("ops/nats.yaml", k_good_manifest);
  const auto ok = run_versiond({"check", "--repo", dir.path().string()});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out == "no drift: 1 table rows match the code\n");
}
