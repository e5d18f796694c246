#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/temp_dir.hpp"
#include "update/zip_builder.hpp"
#include "versiond/core/error.hpp"
#include "versiond/update/hashes.hpp"

namespace fs = std::filesystem;
using versiond::test::make_zip;
using versiond::update::DirectoryEntries;
using versiond::update::hash1;
using versiond::update::hash1_of_dir;
using versiond::update::hash1_of_zip;
using versiond::update::ZipLimits;

namespace {

fs::path vector_path(const std::string& name) {
  return fs::path(VERSIOND_FIXTURES) / "update" / "hash-vectors" / name;
}

}  // namespace

TEST_CASE("sha256_hex and zip_hash give lower-case hex SHA-256", "[update][hashes]") {
  CHECK(versiond::update::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(versiond::update::zip_hash("abc") ==
        "zh:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("h1 of Renovate's test zip matches the known answer", "[update][hashes]") {
  CHECK(hash1_of_zip(vector_path("renovate-test.zip")) ==
        "h1:I2F2atKZqKEOYk1tTLe15Llf9rVqxz48ZL1eZB9g8zM=");
}

TEST_CASE("h1 skips directory entries as Terraform does, Go's HashZip counts them",
          "[update][hashes]") {
  const auto zip = vector_path("renovate-test_with_folder.zip");
  CHECK(hash1_of_zip(zip) == "h1:g92f/mR2hlVmeWBlplxxJyP2H3fdyPwYccr7uJhcRz8=");
  CHECK(hash1_of_zip(zip, {}, DirectoryEntries::include) ==
        "h1:Fse346dVLB2tN3gPuMviG80s6HjGDoNw/6Nuwrg9Xos=");
}

TEST_CASE("h1 of an unpacked provider directory matches Terraform's testdata", "[update][hashes]") {
  CHECK(hash1_of_dir(vector_path("tf-null-2.0.0-dir")) ==
        "h1:qjsREM4DqEWECD43FcPqddZ9oxCG+IaMTxvWPciS05g=");
}

TEST_CASE("h1 of a Go module zip and of its go.mod match go.sum", "[update][hashes]") {
  CHECK(hash1_of_zip(vector_path("go-cleanhttp-v0.5.2.zip")) ==
        "h1:035FKYIWjmULyFRBKPs8TBQoi0x6d9G4xc9neXJWAZQ=");
  const std::string mod =
      versiond::test::read_fixture("update/hash-vectors/go-cleanhttp-v0.5.2.mod");
  CHECK(hash1({{"go.mod", versiond::update::sha256_hex(mod)}}) ==
        "h1:kO/YDlP8L1346E6Sodw+PrpBSV4/SoxCXGY6BqNFT48=");
}

TEST_CASE("h1 does not depend on the order files are listed in", "[update][hashes]") {
  const std::string a = versiond::update::sha256_hex("a");
  const std::string b = versiond::update::sha256_hex("b");
  CHECK(hash1({{"x/a", a}, {"b", b}}) == hash1({{"b", b}, {"x/a", a}}));
  CHECK(hash1({{"x/a", a}, {"b", b}}) != hash1({{"x/a", b}, {"b", a}}));
}

TEST_CASE("h1 of a zip equals h1 of the same files unpacked", "[update][hashes]") {
  versiond::test::TempDir dir;
  const std::string binary("binary\0data", 11);
  make_zip(dir.path() / "p.zip",
           {{"terraform-provider-x_v1.0.0", binary}, {"docs/README.md", "read me\n"}});
  dir.write("unpacked/terraform-provider-x_v1.0.0", binary);
  dir.write("unpacked/docs/README.md", "read me\n");
  CHECK(hash1_of_zip(dir.path() / "p.zip") == hash1_of_dir(dir.path() / "unpacked"));
}

TEST_CASE("h1 refuses zip entries that climb out or are absolute", "[update][hashes]") {
  versiond::test::TempDir dir;
  make_zip(dir.path() / "climb.zip", {{"ok.txt", "x"}, {"../../etc/evil", "x"}});
  make_zip(dir.path() / "abs.zip", {{"/etc/evil", "x"}});
  make_zip(dir.path() / "inner.zip", {{"a/../../evil", "x"}});
  CHECK_THROWS_WITH(hash1_of_zip(dir.path() / "climb.zip"), Catch::Contains("'../../etc/evil'"));
  CHECK_THROWS_AS(hash1_of_zip(dir.path() / "abs.zip"), versiond::Error);
  CHECK_THROWS_AS(hash1_of_zip(dir.path() / "inner.zip"), versiond::Error);
}

TEST_CASE("h1 refuses a zip that unpacks past the size cap", "[update][hashes]") {
  versiond::test::TempDir dir;
  const std::string zeros(1024 * 1024, '\0');  // compresses to a few KiB
  make_zip(dir.path() / "bomb.zip", {{"a", zeros}, {"b", zeros}});
  ZipLimits limits;
  limits.max_total_bytes = 1536 * 1024;
  CHECK(fs::file_size(dir.path() / "bomb.zip") < 64 * 1024);
  CHECK_THROWS_WITH(hash1_of_zip(dir.path() / "bomb.zip", limits), Catch::Contains("zip bomb"));
  limits.max_total_bytes = 2 * 1024 * 1024;
  CHECK_NOTHROW(hash1_of_zip(dir.path() / "bomb.zip", limits));
  limits.max_entries = 1;
  CHECK_THROWS_WITH(hash1_of_zip(dir.path() / "bomb.zip", limits), Catch::Contains("entries"));
}

TEST_CASE("h1 reports a file that is not a zip", "[update][hashes]") {
  versiond::test::TempDir dir;
  dir.write("not.zip", "hello");
  CHECK_THROWS_WITH(hash1_of_zip(dir.path() / "not.zip"), Catch::Contains("not.zip"));
}
