// Lock-file hashes from a provider release served by a fake registry on
// 127.0.0.1: download metadata, SHA256SUMS signed with a key made for the
// test, and per-platform zips.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "update/fake_release.hpp"
#include "versiond/update/hashes.hpp"
#include "versiond/update/provider_package.hpp"

namespace fs = std::filesystem;
using versiond::test::FakeUpstream;
using versiond::test::Reply;
using versiond::test::run_process;
using versiond::test::TempDir;
using versiond::test::release::make_release;
using versiond::test::release::Release;
using versiond::test::release::serve;
using versiond::test::release::signer;
using versiond::update::fetch_provider_hashes;
using versiond::update::Platform;

namespace {

const std::vector<Platform> k_platforms = {{"linux", "amd64"}, {"darwin", "arm64"}};

}  // namespace

TEST_CASE("SHA256SUMS parses into file names and lower-case hex", "[update][provider]") {
  const auto sums = versiond::update::parse_sha256sums(
      "5F9C7AA76B7C34D722FC9123208E26B22D60440CB47150DD04733B9B94F4541A  a.zip\r\n"
      "not a line\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 *b.zip\n");
  REQUIRE(sums.size() == 2);
  CHECK(sums.at("a.zip") == "5f9c7aa76b7c34d722fc9123208e26b22d60440cb47150dd04733b9b94f4541a");
  CHECK(sums.at("b.zip") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("a signed release from the fake registry yields every zh: and each platform's h1:",
          "[update][provider]") {
  TempDir dir;
  const Release r = make_release(dir);
  FakeUpstream up;
  serve(up, r, r.sums, signer().sign(r.sums), signer().public_key());
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got = fetch_provider_hashes(http, up.base(), "acme/fake", "1.2.0", k_platforms);
  INFO((got.failure ? got.failure->describe() : ""));
  REQUIRE_FALSE(got.failure);
  std::vector<std::string> expected = {
      versiond::update::hash1_of_zip(dir.path() / "terraform-provider-fake_1.2.0_linux_amd64.zip"),
      versiond::update::hash1_of_zip(dir.path() / "terraform-provider-fake_1.2.0_darwin_arm64.zip"),
      "zh:" + versiond::update::sha256_hex("windows zip")};
  for (const auto& [name, bytes] : r.zips) {
    expected.push_back(versiond::update::zip_hash(bytes));
  }
  std::sort(expected.begin(), expected.end());
  CHECK(got.hashes == expected);             // the manifest.json entry is not a package: no zh:
  CHECK(up.hits("/files/SHA256SUMS") == 1);  // one SHA256SUMS for both platforms
}

TEST_CASE("a SHA256SUMS that does not match its signature is refused", "[update][provider]") {
  TempDir dir;
  const Release r = make_release(dir);
  std::string tampered = r.sums;
  tampered[0] = tampered[0] == 'a' ? 'b' : 'a';
  FakeUpstream up;
  serve(up, r, tampered, signer().sign(r.sums), signer().public_key());
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got = fetch_provider_hashes(http, up.base(), "acme/fake", "1.2.0", k_platforms);
  REQUIRE(got.failure);
  CHECK(got.failure->kind == versiond::FailureKind::bad_response);
  CHECK(got.failure->message.find("signature") != std::string::npos);
  CHECK(got.hashes.empty());
  CHECK(up.hits("/files/terraform-provider-fake_1.2.0_linux_amd64.zip") == 0);
}

TEST_CASE("a signature by a key the registry does not list is refused", "[update][provider]") {
  TempDir dir;
  const Release r = make_release(dir);
  FakeUpstream up;
  // The metadata lists an unrelated key (the one in the registry documentation sample).
  const auto doc = nlohmann::json::parse(versiond::test::read_fixture(
      "update/registry/providers-hashicorp-random-2.0.0-download-linux-amd64.json"));
  const std::string other_key = doc["signing_keys"]["gpg_public_keys"][0]["ascii_armor"];
  serve(up, r, r.sums, signer().sign(r.sums), other_key);
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got = fetch_provider_hashes(http, up.base(), "acme/fake", "1.2.0", k_platforms);
  REQUIRE(got.failure);
  CHECK(got.failure->message.find("signature") != std::string::npos);
}

TEST_CASE("a zip that does not match its checksum is refused", "[update][provider]") {
  TempDir dir;
  Release r = make_release(dir);
  FakeUpstream up;
  serve(up, r, r.sums, signer().sign(r.sums), signer().public_key());
  up.add("/files/terraform-provider-fake_1.2.0_darwin_arm64.zip",
         Reply{200, {}, "not the zip", "application/zip"});
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got = fetch_provider_hashes(http, up.base(), "acme/fake", "1.2.0", k_platforms);
  REQUIRE(got.failure);
  CHECK(got.failure->message.find("darwin_arm64.zip does not match") != std::string::npos);
  CHECK(got.hashes.empty());
}

TEST_CASE("a missing release is a not_found failure", "[update][provider]") {
  FakeUpstream up;
  up.not_found("/v1/providers/acme/fake/9.9.9/download/linux/amd64");
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got = fetch_provider_hashes(http, up.base(), "acme/fake", "9.9.9", k_platforms);
  REQUIRE(got.failure);
  CHECK(got.failure->kind == versiond::FailureKind::not_found);
}
