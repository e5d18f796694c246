// Provider packages through a network mirror on 127.0.0.1: streamed to a
// temporary file under the download cap, hashed to the known answers, and the
// platforms of a lock versiond never wrote detected from the mirror's listing.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "support/temp_dir.hpp"
#include "versiond/update/hashes.hpp"
#include "versiond/update/provider_package.hpp"

namespace fs = std::filesystem;
using versiond::test::FakeUpstream;
using versiond::test::Reply;
using versiond::test::TempDir;
using versiond::update::Platform;

namespace {

// Renovate's test zip and its known h1: (tests/fixtures/update/hash-vectors/VECTORS.md).
const std::string k_zip = "update/hash-vectors/renovate-test.zip";
const std::string k_zip_h1 = "h1:I2F2atKZqKEOYk1tTLe15Llf9rVqxz48ZL1eZB9g8zM=";
const std::string k_dir = "/mirror/registry.terraform.io/acme/fake/";

void serve_listing(FakeUpstream& up, const nlohmann::json& archives) {
  up.add(k_dir + "1.1.3.json",
         Reply{200, {}, nlohmann::json{{"archives", archives}}.dump(), "application/json"});
}

void serve_zip(FakeUpstream& up, const std::string& name) {
  up.add(k_dir + name, Reply{200, {}, versiond::test::read_fixture(k_zip), "application/zip"});
}

// Points the temporary directory (ScratchDir's parent) at a folder the test
// can look into, for the life of the object.
class TmpdirOverride {
 public:
  explicit TmpdirOverride(const fs::path& dir) {
    if (const char* old = std::getenv("TMPDIR")) {
      old_ = old;
    }
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpdirOverride() {
    if (old_.empty()) {
      ::unsetenv("TMPDIR");
    } else {
      ::setenv("TMPDIR", old_.c_str(), 1);
    }
  }
  TmpdirOverride(const TmpdirOverride&) = delete;
  TmpdirOverride& operator=(const TmpdirOverride&) = delete;

 private:
  std::string old_;
};

}  // namespace

TEST_CASE("a package streamed to a temporary file hashes to the known answer",
          "[update][provider][download]") {
  FakeUpstream up;
  const std::string zh = "zh:" + versiond::update::sha256_hex(versiond::test::read_fixture(k_zip));
  serve_listing(up, {{"linux_amd64", {{"url", "fake_linux_amd64.zip"}, {"hashes", {zh}}}}});
  serve_zip(up, "fake_linux_amd64.zip");
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got =
      versiond::update::fetch_mirror_hashes(http, up.base() + "/mirror/", "registry.terraform.io",
                                            "acme/fake", "1.1.3", {{"linux", "amd64"}});
  REQUIRE_FALSE(got.failure);
  CHECK(got.hashes == std::vector<std::string>{k_zip_h1});
}

TEST_CASE("a package past http.max_download_bytes fails clearly and leaves no file",
          "[update][provider][download]") {
  FakeUpstream up;
  serve_listing(up, {{"linux_amd64", {{"url", "fake_linux_amd64.zip"}}}});
  serve_zip(up, "fake_linux_amd64.zip");
  auto options = versiond::test::loopback_options();
  options.max_download_bytes = 100;
  versiond::net::HttpClient http(options);
  TempDir tmp;
  const TmpdirOverride scratch_parent(tmp.path());
  const auto got =
      versiond::update::fetch_mirror_hashes(http, up.base() + "/mirror", "registry.terraform.io",
                                            "acme/fake", "1.1.3", {{"linux", "amd64"}});
  REQUIRE(got.failure);
  CHECK(got.hashes.empty());
  CHECK(got.failure->message.find("fake_linux_amd64.zip: response larger than 100 bytes") !=
        std::string::npos);
  CHECK(fs::is_empty(tmp.path()));
}

TEST_CASE("behind a mirror, a lock's platforms are those whose listed h1: it holds",
          "[update][provider][mirror]") {
  FakeUpstream up;
  const std::string a = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  const std::string b = "h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";
  const std::string c = "h1:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=";
  const std::string zh = "zh:" + std::string(64, '1');
  serve_listing(up, {{"linux_amd64", {{"url", "l.zip"}, {"hashes", {a, zh}}}},
                     {"darwin_arm64", {{"url", "d.zip"}, {"hashes", {b, zh}}}},
                     {"windows_amd64", {{"url", "w.zip"}, {"hashes", {c}}}}});
  versiond::net::HttpClient http(versiond::test::loopback_options());
  versiond::update::LockHashRequest request{"tf/.terraform.lock.hcl", "acme/fake", "1.2.0"};
  request.locked_version = "1.1.3";
  request.locked_hashes = {a, c, zh};
  const auto got = versiond::update::detect_lock_platforms(
      http, versiond::update::LockHashEndpoints{up.base() + "/no-registry", up.base() + "/mirror/"},
      request);
  REQUIRE_FALSE(got.failure);
  REQUIRE(got.platforms.size() == 2);  // zh: is every platform's: it names none
  CHECK(got.platforms[0].os == "linux");
  CHECK(got.platforms[0].arch == "amd64");
  CHECK(got.platforms[1].os == "windows");
  CHECK(got.platforms[1].arch == "amd64");
  // Only the listing was read: no package, no registry.
  CHECK(up.requests() == std::vector<std::string>{"GET " + k_dir + "1.1.3.json"});
}

TEST_CASE("behind a mirror, an archive listed without h1: is downloaded and hashed",
          "[update][provider][mirror]") {
  FakeUpstream up;
  serve_listing(up, {{"linux_arm64", {{"url", "fake_linux_arm64.zip"}}},
                     {"linux_amd64", {{"url", up.base() + k_dir + "fake_linux_amd64.zip"}}}});
  serve_zip(up, "fake_linux_arm64.zip");
  up.add(k_dir + "fake_linux_amd64.zip",
         Reply{200,
               {},
               versiond::test::read_fixture("update/hash-vectors/renovate-test_with_folder.zip"),
               "application/zip"});
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got = versiond::update::detect_mirror_lock_platforms(
      http, up.base() + "/mirror", "registry.terraform.io", "acme/fake", "1.1.3", {k_zip_h1});
  REQUIRE_FALSE(got.failure);
  REQUIRE(got.platforms.size() == 1);
  CHECK(got.platforms[0].os == "linux");
  CHECK(got.platforms[0].arch == "arm64");
}

TEST_CASE("behind a mirror, a listing that cannot be read is a failure, not a guess",
          "[update][provider][mirror]") {
  FakeUpstream up;
  up.not_found(k_dir + "1.1.3.json");
  versiond::net::HttpClient http(versiond::test::loopback_options());
  const auto got = versiond::update::detect_mirror_lock_platforms(
      http, up.base() + "/mirror", "registry.terraform.io", "acme/fake", "1.1.3", {k_zip_h1});
  REQUIRE(got.failure);
  CHECK(got.failure->kind == versiond::FailureKind::not_found);
  CHECK(got.platforms.empty());
}
