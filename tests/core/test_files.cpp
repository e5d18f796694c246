#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"

namespace fs = std::filesystem;
using versiond::Error;
using versiond::RepoRoot;
using versiond::test::TempDir;

TEST_CASE("RepoRoot resolves paths inside the repository only") {
  TempDir outer;
  outer.write("repo/ops/app.yaml", "a: 1\n");
  outer.write("secret.txt", "do not read\n");
  fs::create_directory_symlink(outer.path(), outer.path() / "repo" / "escape");
  const RepoRoot root(outer.path() / "repo");

  SECTION("a plain relative path resolves") {
    const auto p = root.resolve("ops/app.yaml");
    REQUIRE(p.has_value());
    CHECK(root.relative(*p) == "ops/app.yaml");
  }
  SECTION("dot-dot escapes are refused") {
    CHECK_FALSE(root.resolve("../secret.txt").has_value());
    CHECK_FALSE(root.resolve("../../etc/passwd").has_value());
    CHECK_FALSE(root.resolve("ops/../../secret.txt").has_value());
  }
  SECTION("absolute paths are refused") { CHECK_FALSE(root.resolve("/etc/passwd").has_value()); }
  SECTION("symlinks pointing outside are refused") {
    CHECK_FALSE(root.resolve("escape/secret.txt").has_value());
  }
  SECTION("dot-dot that stays inside is fine") {
    CHECK(root.resolve("ops/../ops/app.yaml").has_value());
  }
  SECTION("empty path is refused") { CHECK_FALSE(root.resolve("").has_value()); }
}

TEST_CASE("RepoRoot refuses a missing directory") {
  CHECK_THROWS_AS(RepoRoot("/nonexistent/versiond/repo"), Error);
}

TEST_CASE("read_text_file bounds size and refuses binary") {
  TempDir dir;
  const auto text = dir.write("ok.md", "hello\n");
  CHECK(versiond::read_text_file(text, "ok.md") == "hello\n");

  const auto big = dir.write("big.md", std::string(2048, 'x'));
  CHECK_THROWS_WITH(versiond::read_text_file(big, "big.md", 1024),
                    Catch::Contains("big.md") && Catch::Contains("limit"));

  const auto bin = dir.write("bin.md", std::string("ab\0cd", 5));
  CHECK_THROWS_WITH(versiond::read_text_file(bin, "bin.md"), Catch::Contains("binary"));

  CHECK_THROWS_WITH(versiond::read_text_file(dir.path() / "missing.md", "missing.md"),
                    Catch::Contains("missing.md"));
  CHECK_THROWS_AS(versiond::read_text_file(dir.path(), "dir"), Error);
}

TEST_CASE("write_file_atomic replaces content whole") {
  TempDir dir;
  const auto f = dir.write("VERSIONS.md", "old\n");
  versiond::write_file_atomic(f, "new content\n");
  CHECK(versiond::read_text_file(f, "VERSIONS.md") == "new content\n");
  // No temporary files are left behind.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) {
    ++entries;
  }
  CHECK(entries == 1);
  CHECK_THROWS_AS(versiond::write_file_atomic(dir.path() / "no/such/dir/x", "y"), Error);
}

namespace {

std::size_t open_descriptors() {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("write_file_atomic that fails closes its descriptor and leaves nothing behind") {
  TempDir dir;
  const auto file = dir.path() / "out.txt";
  dir.write("out.txt", "old\n");
  // A file size limit makes write() fail with EFBIG (SIGXFSZ ignored): the
  // failure path must close the temporary file and remove it.
  struct rlimit saved {};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 4096;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  const std::size_t before = open_descriptors();
  for (int i = 0; i < 20; ++i) {
    CHECK_THROWS_AS(versiond::write_file_atomic(file, std::string(1 << 20, 'x')), Error);
  }
  const std::size_t after = open_descriptors();
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &saved) == 0);
  std::signal(SIGXFSZ, old_handler);
  CHECK(after == before);
  std::ifstream in(file);
  const std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(kept == "old\n");  // the old content is intact
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);  // no temporary file left
}
