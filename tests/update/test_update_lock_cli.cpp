// versiond update on a Terraform root with a lock file: the real binary,
// a fake registry on 127.0.0.1 serving a release signed with a test key.
#include <algorithm>
#include <catch2/catch.hpp>

#include "support/fake_upstream.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "update/fake_release.hpp"
#include "versiond/update/hashes.hpp"
#include "versiond/update/lock_file.hpp"

using versiond::test::FakeUpstream;
using versiond::test::run_versiond;
using versiond::test::TempDir;
using versiond::test::release::slurp;

namespace {

void make_repo(const TempDir& dir, const FakeUpstream& up) {
  dir.write("versiond.yaml", "endpoints:\n  terraform_registry: " + up.base() +
                                 "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n");
  dir.write("VERSIONS.md",
            "| Component | Current | Location |\n|---|---|---|\n"
            "| Fake provider | `~> 1.1.0` | `tf/main.tf` |\n"
            "| Fake provider (lock) | `1.1.3` | `tf/.terraform.lock.hcl` |\n");
  dir.write("tf/main.tf",
            "terraform {\n  required_providers {\n    fake = {\n"
            "      source  = \"acme/fake\"\n      version = \"~> 1.1.0\"\n    }\n  }\n}\n");
  dir.write("tf/.terraform.lock.hcl",
            "# This file is maintained automatically by \"terraform init\".\n"
            "# Manual edits may be lost in future updates.\n"
            "\n"
            "provider \"registry.example.invalid/acme/fake\" {\n"
            "  version     = \"1.1.3\"\n"
            "  constraints = \"~> 1.1.0\"\n"
            "  hashes = [\n"
            "    \"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\n"
            "  ]\n"
            "}\n");
}

}  // namespace

TEST_CASE("update moves a provider's constraint, lock entry and rows together",
          "[update][provider][cli]") {
  TempDir release_dir;
  const auto r = versiond::test::release::make_release(release_dir);
  FakeUpstream up;
  const auto& signer = versiond::test::release::signer();
  versiond::test::release::serve(up, r, r.sums, signer.sign(r.sums), signer.public_key());
  TempDir dir;
  make_repo(dir, up);
  const auto run =
      run_versiond({"update", "--repo", dir.path().string(), "--set", "acme/fake=1.2.0",
                    "--lock-platform", "linux_amd64", "--lock-platform", "darwin_arm64"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(slurp(dir.path() / "tf/main.tf").find("version = \"~> 1.2.0\"") != std::string::npos);
  const auto entry =
      versiond::update::find_lock_entry(slurp(dir.path() / "tf/.terraform.lock.hcl"), "acme/fake");
  REQUIRE(entry);
  CHECK(entry->version == "1.2.0");
  CHECK(entry->constraints == std::optional<std::string>("~> 1.2.0"));
  CHECK(entry->hashes.size() == 5);  // 2 h1: + 3 zh:
  CHECK(std::count(entry->hashes.begin(), entry->hashes.end(),
                   versiond::update::hash1_of_zip(
                       release_dir.path() / "terraform-provider-fake_1.2.0_linux_amd64.zip")) == 1);
  const std::string table = slurp(dir.path() / "VERSIONS.md");
  CHECK(table.find("| Fake provider | `~> 1.2.0` |") != std::string::npos);
  CHECK(table.find("| Fake provider (lock) | `1.2.0` |") != std::string::npos);
  CHECK(run_versiond({"check", "--repo", dir.path().string()}).exit_code == 0);
}

TEST_CASE("update stops and writes nothing when the release signature fails",
          "[update][provider][cli]") {
  TempDir release_dir;
  const auto r = versiond::test::release::make_release(release_dir);
  FakeUpstream up;
  const auto& signer = versiond::test::release::signer();
  versiond::test::release::serve(up, r, r.sums + "\n", signer.sign(r.sums), signer.public_key());
  TempDir dir;
  make_repo(dir, up);
  const std::string main_tf = slurp(dir.path() / "tf/main.tf");
  const auto run =
      run_versiond({"update", "--repo", dir.path().string(), "--set", "acme/fake=1.2.0"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("signature") != std::string::npos);
  CHECK(slurp(dir.path() / "tf/main.tf") == main_tf);
}

TEST_CASE("update records h1: for terraform.lock_platforms when no --lock-platform is given",
          "[update][provider][cli]") {
  TempDir release_dir;
  const auto r = versiond::test::release::make_release(release_dir);
  FakeUpstream up;
  const auto& signer = versiond::test::release::signer();
  versiond::test::release::serve(up, r, r.sums, signer.sign(r.sums), signer.public_key());
  TempDir dir;
  make_repo(dir, up);
  dir.write("versiond.yaml", "endpoints:\n  terraform_registry: " + up.base() +
                                 "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
                                 "terraform:\n  lock_platforms: [linux_amd64, darwin_arm64]\n");
  const auto run =
      run_versiond({"update", "--repo", dir.path().string(), "--set", "acme/fake=1.2.0"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto entry =
      versiond::update::find_lock_entry(slurp(dir.path() / "tf/.terraform.lock.hcl"), "acme/fake");
  REQUIRE(entry);
  CHECK(entry->hashes.size() == 5);  // 2 h1: + 3 zh:
  for (const char* platform : {"linux_amd64", "darwin_arm64"}) {
    CHECK(std::count(entry->hashes.begin(), entry->hashes.end(),
                     versiond::update::hash1_of_zip(release_dir.path() /
                                                    ("terraform-provider-fake_1.2.0_" +
                                                     std::string(platform) + ".zip"))) == 1);
  }

  // --lock-platform wins over the configuration.
  TempDir dir2;
  make_repo(dir2, up);
  dir2.write("versiond.yaml", "endpoints:\n  terraform_registry: " + up.base() +
                                  "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
                                  "terraform:\n  lock_platforms: [linux_amd64, darwin_arm64]\n");
  const auto one = run_versiond({"update", "--repo", dir2.path().string(), "--set",
                                 "acme/fake=1.2.0", "--lock-platform", "linux_amd64"});
  INFO(one.err);
  REQUIRE(one.exit_code == 0);
  const auto entry2 =
      versiond::update::find_lock_entry(slurp(dir2.path() / "tf/.terraform.lock.hcl"), "acme/fake");
  REQUIRE(entry2);
  CHECK(entry2->hashes.size() == 4);  // 1 h1: + 3 zh:
}
