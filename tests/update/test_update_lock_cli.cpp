// versiond update on a Terraform root with a lock file: the real binary,
// a fake registry on 127.0.0.1 serving a release signed with a test key.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "support/fake_upstream.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "update/fake_release.hpp"
#include "versiond/store/store.hpp"
#include "versiond/update/hashes.hpp"
#include "versiond/update/lock_file.hpp"

using versiond::test::FakeUpstream;
using versiond::test::Reply;
using versiond::test::run_versiond;
using versiond::test::TempDir;
using versiond::test::release::slurp;

namespace {

void write_main_tf(const TempDir& dir) {
  dir.write("tf/main.tf",
            "terraform {\n  required_providers {\n    fake = {\n"
            "      source  = \"acme/fake\"\n      version = \"~> 1.1.0\"\n    }\n  }\n}\n");
}

// The fake provider's release, signed with the test key and served on 127.0.0.1;
// sums_suffix is appended to the served SHA256SUMS after signing (tampering).
struct SignedRelease {
  TempDir release_dir;
  versiond::test::release::Release release = versiond::test::release::make_release(release_dir);
  FakeUpstream up;

  explicit SignedRelease(const std::string& sums_suffix = {},
                         const nlohmann::json& older_versions = nlohmann::json::array()) {
    const auto& signer = versiond::test::release::signer();
    versiond::test::release::serve(up, release, release.sums + sums_suffix,
                                   signer.sign(release.sums), signer.public_key(), older_versions);
  }
};

void make_repo(const TempDir& dir, const FakeUpstream& up) {
  dir.write("versiond.yaml", "endpoints:\n  terraform_registry: " + up.base() +
                                 "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n");
  dir.write("VERSIONS.md",
            "| Component | Current | Location |\n|---|---|---|\n"
            "| Fake provider | `~> 1.1.0` | `tf/main.tf` |\n"
            "| Fake provider (lock) | `1.1.3` | `tf/.terraform.lock.hcl` |\n");
  write_main_tf(dir);
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
  const SignedRelease served;
  const TempDir& release_dir = served.release_dir;
  const FakeUpstream& up = served.up;
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
  // SHA256SUMS served with a byte more than was signed.
  const SignedRelease served("\n");
  const FakeUpstream& up = served.up;
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
  const SignedRelease served;
  const TempDir& release_dir = served.release_dir;
  const FakeUpstream& up = served.up;
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

TEST_CASE("update remembers the lock platforms in the store and uses them next time",
          "[update][provider][cli]") {
  const SignedRelease served;
  const TempDir& release_dir = served.release_dir;
  const FakeUpstream& up = served.up;
  const auto h1_of = [&](const std::string& platform) {
    return versiond::update::hash1_of_zip(release_dir.path() /
                                          ("terraform-provider-fake_1.2.0_" + platform + ".zip"));
  };
  const auto lock_hashes = [](const TempDir& d) {
    const auto entry =
        versiond::update::find_lock_entry(slurp(d.path() / "tf/.terraform.lock.hcl"), "acme/fake");
    REQUIRE(entry);
    return entry->hashes;
  };
  TempDir dir;
  make_repo(dir, up);
  const std::string db = (dir.path() / "store.db").string();
  const std::string lock_before = slurp(dir.path() / "tf/.terraform.lock.hcl");

  // Nothing configured and nothing recorded: the documented default, linux_amd64.
  // A dry run writes neither the lock nor the store.
  const auto dry = run_versiond({"update", "--repo", dir.path().string(), "--db", db, "--set",
                                 "acme/fake=1.2.0", "--dry-run"});
  INFO(dry.err);
  REQUIRE(dry.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(db));
  CHECK(slurp(dir.path() / "tf/.terraform.lock.hcl") == lock_before);

  // Told once on the command line: written, and remembered for that lock entry.
  const auto first =
      run_versiond({"update", "--repo", dir.path().string(), "--db", db, "--set", "acme/fake=1.2.0",
                    "--lock-platform", "darwin_arm64", "--lock-platform", "linux_amd64"});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  {
    versiond::store::Store store(db);
    CHECK(store.lock_platforms("tf/.terraform.lock.hcl", "acme/fake") ==
          std::vector<std::string>{"darwin_arm64", "linux_amd64"});
  }

  // The next update of that entry (the lock back at 1.1.3, as after a revert)
  // records both platforms again without being told.
  dir.write("tf/.terraform.lock.hcl", lock_before);
  write_main_tf(dir);
  const auto again = run_versiond(
      {"update", "--repo", dir.path().string(), "--db", db, "--set", "acme/fake=1.2.0"});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  auto hashes = lock_hashes(dir);
  CHECK(hashes.size() == 5);  // 2 h1: + 3 zh:
  CHECK(std::count(hashes.begin(), hashes.end(), h1_of("darwin_arm64")) == 1);
  CHECK(std::count(hashes.begin(), hashes.end(), h1_of("linux_amd64")) == 1);

  // terraform.lock_platforms wins over the store, and becomes what is remembered.
  dir.write("tf/.terraform.lock.hcl", lock_before);
  write_main_tf(dir);
  dir.write("versiond.yaml", "endpoints:\n  terraform_registry: " + up.base() +
                                 "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
                                 "terraform:\n  lock_platforms: [darwin_arm64]\n");
  const auto configured = run_versiond(
      {"update", "--repo", dir.path().string(), "--db", db, "--set", "acme/fake=1.2.0"});
  INFO(configured.err);
  REQUIRE(configured.exit_code == 0);
  hashes = lock_hashes(dir);
  CHECK(hashes.size() == 4);  // 1 h1: + 3 zh:
  CHECK(std::count(hashes.begin(), hashes.end(), h1_of("darwin_arm64")) == 1);
  versiond::store::Store store(db);
  CHECK(store.lock_platforms("tf/.terraform.lock.hcl", "acme/fake") ==
        std::vector<std::string>{"darwin_arm64"});
}

namespace {

// The fake release served as a Terraform provider network mirror under /mirror:
// <version>.json lists each platform's archive by a URL relative to it, with
// the h1: given (the real one unless a test tampers with it).
// The h1: of each platform's package of the fake release made in release_dir.
std::map<std::string, std::string> h1_by_platform(const TempDir& release_dir) {
  std::map<std::string, std::string> h1;
  for (const char* platform : {"linux_amd64", "darwin_arm64"}) {
    h1[platform] = versiond::update::hash1_of_zip(
        release_dir.path() / ("terraform-provider-fake_1.2.0_" + std::string(platform) + ".zip"));
  }
  return h1;
}

void serve_mirror(FakeUpstream& up, const versiond::test::release::Release& r,
                  const std::map<std::string, std::string>& h1_by_platform) {
  const std::string dir = "/mirror/registry.example.invalid/acme/fake/";
  nlohmann::json archives = nlohmann::json::object();
  for (const auto& [name, bytes] : r.zips) {
    const std::string platform = name.substr(name.find("1.2.0_") + 6);
    const std::string key = platform.substr(0, platform.size() - 4);
    archives[key] = {{"url", name}, {"hashes", {h1_by_platform.at(key)}}};
    up.add(dir + name, Reply{200, {}, bytes, "application/zip"});
  }
  up.add(dir + "index.json", Reply{200, {}, R"({"versions":{"1.2.0":{}}})", "application/json"});
  up.add(dir + "1.2.0.json",
         Reply{200, {}, nlohmann::json{{"archives", archives}}.dump(), "application/json"});
}

}  // namespace

TEST_CASE("update fetches lock-file packages from a provider network mirror when one is set",
          "[update][provider][cli]") {
  TempDir release_dir;
  const auto r = versiond::test::release::make_release(release_dir);
  const auto h1 = h1_by_platform(release_dir);
  FakeUpstream up;  // serves only the mirror: a request to the registry would get a 404
  TempDir dir;
  make_repo(dir, up);
  const std::string config = "endpoints:\n  terraform_registry: " + up.base() +
                             "/no-registry-here\n  terraform_provider_mirror: " + up.base() +
                             "/mirror/\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
                             "terraform:\n  lock_platforms: [linux_amd64, darwin_arm64]\n";
  dir.write("versiond.yaml", config);
  const std::string lock_before = slurp(dir.path() / "tf/.terraform.lock.hcl");

  SECTION("the h1: of each platform's package, checked against the mirror's listing") {
    serve_mirror(up, r, h1);
    const auto run = run_versiond({"update", "--repo", dir.path().string(), "--db",
                                   (dir.path() / "store.db").string(), "--set", "acme/fake=1.2.0"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto entry = versiond::update::find_lock_entry(
        slurp(dir.path() / "tf/.terraform.lock.hcl"), "acme/fake");
    REQUIRE(entry);
    CHECK(entry->version == "1.2.0");
    // No signed SHA256SUMS behind a network mirror: h1: only, one per platform.
    std::vector<std::string> want = {h1.at("darwin_arm64"), h1.at("linux_amd64")};
    std::sort(want.begin(), want.end());
    CHECK(entry->hashes == want);
  }
  SECTION("a package that matches none of the mirror's hashes fails and writes nothing") {
    auto wrong = h1;
    wrong["darwin_arm64"] = h1.at("linux_amd64");
    serve_mirror(up, r, wrong);
    const auto run = run_versiond({"update", "--repo", dir.path().string(), "--db",
                                   (dir.path() / "store.db").string(), "--set", "acme/fake=1.2.0"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("darwin_arm64 package of acme/fake 1.2.0 matches none of the hashes") !=
          std::string::npos);
    CHECK(slurp(dir.path() / "tf/.terraform.lock.hcl") == lock_before);
  }
  SECTION("a platform the mirror does not list fails and writes nothing") {
    serve_mirror(up, r, h1);
    const auto run = run_versiond({"update", "--repo", dir.path().string(), "--db",
                                   (dir.path() / "store.db").string(), "--set", "acme/fake=1.2.0",
                                   "--lock-platform", "windows_amd64"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("the mirror lists no windows_amd64 package") != std::string::npos);
    CHECK(slurp(dir.path() / "tf/.terraform.lock.hcl") == lock_before);
  }
}

namespace {

// A lock of acme/fake 1.1.3 holding `hashes`, as Terraform writes one.
std::string lock_of_1_1_3(const std::vector<std::string>& hashes) {
  std::string lock =
      "provider \"registry.example.invalid/acme/fake\" {\n"
      "  version     = \"1.1.3\"\n"
      "  constraints = \"~> 1.1.0\"\n"
      "  hashes = [\n";
  for (const std::string& h : hashes) {
    lock += "    \"" + h + "\",\n";
  }
  return lock + "  ]\n}\n";
}

// `versiond update --set acme/fake=1.2.0` with the store at db; the lock's
// acme/fake block after it.
std::optional<versiond::update::LockEntry> update_to_1_2_0(const TempDir& dir,
                                                           const std::string& db) {
  const auto run = run_versiond(
      {"update", "--repo", dir.path().string(), "--db", db, "--set", "acme/fake=1.2.0"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto entry =
      versiond::update::find_lock_entry(slurp(dir.path() / "tf/.terraform.lock.hcl"), "acme/fake");
  REQUIRE(entry);
  CHECK(entry->version == "1.2.0");
  return entry;
}

}  // namespace

TEST_CASE("update detects the platforms of a lock it never wrote from the locked h1: values",
          "[update][provider][cli]") {
  // The locked version 1.1.3 is published for three platforms; the lock holds
  // the h1: of two of them (as `terraform providers lock` would have written).
  TempDir old_dir;
  nlohmann::json old_platforms = nlohmann::json::array();
  std::map<std::string, std::string> old_h1;
  std::vector<std::pair<std::string, std::string>> routes;  // path, zip bytes
  for (const char* platform : {"linux_amd64", "darwin_arm64", "windows_amd64"}) {
    const std::string p = platform;
    const std::string name = "terraform-provider-fake_1.1.3_" + p + ".zip";
    versiond::test::make_zip(old_dir.path() / name,
                             {{"terraform-provider-fake_v1.1.3", "ELF 1.1.3 " + p}});
    old_h1[p] = versiond::update::hash1_of_zip(old_dir.path() / name);
    const auto us = p.find('_');
    old_platforms.push_back({{"os", p.substr(0, us)}, {"arch", p.substr(us + 1)}});
    routes.emplace_back(p, slurp(old_dir.path() / name));
  }
  SignedRelease served(
      {}, nlohmann::json::array({{{"version", "1.1.3"}, {"platforms", old_platforms}}}));
  FakeUpstream& up = served.up;
  for (const auto& [p, bytes] : routes) {
    const auto us = p.find('_');
    const std::string zip_path = "/old/terraform-provider-fake_1.1.3_" + p + ".zip";
    up.add("/v1/providers/acme/fake/1.1.3/download/" + p.substr(0, us) + "/" + p.substr(us + 1),
           Reply{200,
                 {},
                 nlohmann::json{{"download_url", zip_path},
                                {"shasum", versiond::update::sha256_hex(bytes)}}
                     .dump(),
                 "application/json"});
    up.add(zip_path, Reply{200, {}, bytes, "application/zip"});
  }
  TempDir dir;
  make_repo(dir, up);
  dir.write("tf/.terraform.lock.hcl",
            lock_of_1_1_3({old_h1["darwin_arm64"], old_h1["linux_amd64"]}));
  const std::string db = (dir.path() / "store.db").string();
  const auto entry = update_to_1_2_0(dir, db);
  CHECK(entry->hashes.size() == 5);  // h1: of 1.2.0 for both detected platforms + 3 zh:
  for (const char* platform : {"linux_amd64", "darwin_arm64"}) {
    CHECK(std::count(entry->hashes.begin(), entry->hashes.end(),
                     versiond::update::hash1_of_zip(served.release_dir.path() /
                                                    ("terraform-provider-fake_1.2.0_" +
                                                     std::string(platform) + ".zip"))) == 1);
  }
  // Detected once: remembered, so the next update does not download 1.1.3 again.
  versiond::store::Store store(db);
  CHECK(store.lock_platforms("tf/.terraform.lock.hcl", "acme/fake") ==
        std::vector<std::string>{"darwin_arm64", "linux_amd64"});
}

TEST_CASE("behind a provider mirror, update detects a lock's platforms from the mirror's listing",
          "[update][provider][cli][mirror]") {
  TempDir release_dir;
  const auto r = versiond::test::release::make_release(release_dir);
  const auto h1 = h1_by_platform(release_dir);
  FakeUpstream up;  // the mirror only: a request to the registry would get a 404
  serve_mirror(up, r, h1);
  // The locked 1.1.3 as the mirror lists it: one h1: per platform; the lock
  // holds those of darwin_arm64 alone (and a zh:, which names no platform).
  const std::string old_darwin = "h1:" + std::string(43, 'D') + "=";
  const std::string zh = "zh:" + std::string(64, '1');
  up.add("/mirror/registry.example.invalid/acme/fake/1.1.3.json",
         Reply{200,
               {},
               nlohmann::json{
                   {"archives",
                    {{"linux_amd64",
                      {{"url", "l.zip"}, {"hashes", {"h1:" + std::string(43, 'L') + "=", zh}}}},
                     {"darwin_arm64", {{"url", "d.zip"}, {"hashes", {old_darwin, zh}}}}}}}
                   .dump(),
               "application/json"});
  TempDir dir;
  make_repo(dir, up);
  dir.write("versiond.yaml", "endpoints:\n  terraform_registry: " + up.base() +
                                 "/no-registry-here\n  terraform_provider_mirror: " + up.base() +
                                 "/mirror/\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n");
  dir.write("tf/.terraform.lock.hcl", lock_of_1_1_3({old_darwin, zh}));
  const std::string db = (dir.path() / "store.db").string();
  const auto entry = update_to_1_2_0(dir, db);
  CHECK(entry->hashes == std::vector<std::string>{h1.at("darwin_arm64")});
  versiond::store::Store store(db);
  CHECK(store.lock_platforms("tf/.terraform.lock.hcl", "acme/fake") ==
        std::vector<std::string>{"darwin_arm64"});
}
