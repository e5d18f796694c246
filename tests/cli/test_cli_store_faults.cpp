// The store under machine faults: the process killed around the commit, a
// file size limit (as on a full disk), a store it may not write. Each run
// either records a whole scan or fails with one line and leaves the store as
// it was.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/store.hpp"

namespace fs = std::filesystem;
using versiond::test::run_process;
using versiond::test::run_versiond;
using versiond::test::TempDir;

namespace {

// A repository with nothing to look up: a scan needs no network and still
// records its row.
fs::path empty_repo(const TempDir& dir) {
  const auto repo = dir.path() / "repo";
  fs::create_directories(repo);
  dir.write("repo/README.md", "nothing pinned here\n");
  return repo;
}

std::vector<std::string> scan_args(const fs::path& repo, const fs::path& db) {
  return {"scan", "--repo", repo.string(), "--db", db.string(), "--now", "2026-12-06"};
}

std::size_t scans_in(const fs::path& db) {
  versiond::store::Store store(db, versiond::store::OpenMode::read_only);
  return store.scans().size();
}

// Failed as it should: exit 2, one line naming the store, its scans untouched.
void check_failed_cleanly(const versiond::test::ProcessResult& r, const fs::path& db,
                          std::size_t scans) {
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith("versiond: error: " + db.string() + ": "));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(scans_in(db) == scans);
}

}  // namespace

TEST_CASE("a file size limit fails the scan with one line and leaves the store whole",
          "[cli][store][faults]") {
  TempDir dir;
  const auto repo = empty_repo(dir);
  const auto db = dir.path() / "versiond.db";
  REQUIRE(run_versiond(scan_args(repo, db)).exit_code == 0);
  REQUIRE(scans_in(db) == 1);
  // Nothing may grow past 1 KiB: the next transaction's first page write fails,
  // as on a full disk (SIGXFSZ is ignored, so the write returns EFBIG).
  std::vector<std::string> argv = {"/bin/sh", "-c", "ulimit -f 2 && exec \"$0\" \"$@\"",
                                   VERSIOND_BINARY};
  for (const auto& a : scan_args(repo, db)) argv.push_back(a);
  check_failed_cleanly(run_process(argv), db, 1);
  // Without the limit the store takes the next scan.
  CHECK(run_versiond(scan_args(repo, db)).exit_code == 0);
  CHECK(scans_in(db) == 2);
}

TEST_CASE("a store the process may not write fails the scan with one line",
          "[cli][store][faults]") {
  TempDir dir;
  const auto repo = empty_repo(dir);
  const auto db = dir.path() / "versiond.db";
  REQUIRE(run_versiond(scan_args(repo, db)).exit_code == 0);
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  // Root may write any file whatever its mode, so as root the scan runs as
  // nobody (setpriv, util-linux); otherwise as this user. Either way the store
  // is read-only to the process.
  std::vector<std::string> argv;
  if (::geteuid() == 0) {
    argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            VERSIOND_BINARY};
  } else {
    argv = {VERSIOND_BINARY};
  }
  for (const auto& a : scan_args(repo, db)) argv.push_back(a);
  check_failed_cleanly(run_process(argv), db, 1);
}

#ifdef VERSIOND_FAULT_POINTS
TEST_CASE("a scan killed before or after its commit converges on a re-run", "[cli][store][crash]") {
  for (const char* point : {"store.before_commit", "store.after_commit"}) {
    INFO("killed at " << point);
    TempDir dir;
    const auto repo = empty_repo(dir);
    const auto db = dir.path() / "versiond.db";
    const auto killed = run_versiond(scan_args(repo, db), {{"VERSIOND_FAULT_POINT", point}});
    REQUIRE(killed.exit_code == 128 + SIGKILL);
    const std::size_t after_kill = scans_in(db);
    CHECK(after_kill == (std::string(point) == "store.after_commit" ? 1u : 0u));
    REQUIRE(run_versiond(scan_args(repo, db)).exit_code == 0);
    CHECK(scans_in(db) == after_kill + 1);  // the killed scan is whole or absent, never half
  }
}
#endif
