#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>

#include "store/store_samples.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/store/migrations.hpp"
#include "versiond/store/store.hpp"

using namespace versiond::store;
using versiond::test::TempDir;

namespace {

std::vector<std::string> tables(Database& db) {
  Statement s(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  std::vector<std::string> out;
  while (s.step()) {
    out.push_back(s.text(0));
  }
  return out;
}

}  // namespace

TEST_CASE("store: a new database is created in WAL mode at the current schema version", "[store]") {
  TempDir dir;
  const auto file = dir.path() / ".versiond" / "versiond.db";  // parent folder created
  Store store(file);
  CHECK(std::filesystem::exists(file));
  CHECK(store.db().journal_mode() == "wal");
  CHECK(store.db().user_version() == current_schema_version());
  CHECK(current_schema_version() >= 2);
  Statement fk(store.db(), "PRAGMA foreign_keys");
  REQUIRE(fk.step());
  CHECK(fk.integer(0) == 1);
  CHECK(tables(store.db()) == std::vector<std::string>{"advisory_exposure", "advisory_packages",
                                                       "advisory_records", "http_cache", "job_runs",
                                                       "lock_platforms", "observations",
                                                       "oci_chart_configs", "packages", "releases",
                                                       "scans", "write_intents"});
}

TEST_CASE("store: a version 1 database with data is migrated to the current version", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "old.db";
  {
    Database db(file);
    migrate(db, 1);
    CHECK(db.user_version() == 1);
    CHECK(tables(db) == std::vector<std::string>{"observations", "packages", "releases", "scans"});
    db.exec(
        "INSERT INTO scans (started_at, finished_at, repo, outcome) VALUES "
        "('2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z', '/srv/infra', 'completed')");
    db.exec(
        "INSERT INTO releases (package_key, version, published, prerelease, notes_url, "
        "first_seen_scan) VALUES ('endoflife||kubernetes', '1.31', '2024-08-13', 0, '', 1)");
  }
  Store store(file);
  CHECK(store.db().user_version() == current_schema_version());
  const auto scans = store.scans();
  REQUIRE(scans.size() == 1);
  CHECK(scans[0].repo == "/srv/infra");
  CHECK(store.counts().http_cache == 0);
  // Rows written before a migration keep their values; added columns take defaults.
  const auto releases = store.releases("endoflife||kubernetes");
  REQUIRE(releases.size() == 1);
  CHECK(releases[0].published == "2024-08-13");
  CHECK(releases[0].eol.empty());
  CHECK(releases[0].latest.empty());
  // Reopening an up-to-date database changes nothing.
  Store again(file);
  CHECK(again.scans().size() == 1);
}

TEST_CASE("store: a database newer than this binary is refused with a clear error", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "future.db";
  {
    Database db(file);
    db.exec("PRAGMA user_version = 99");
  }
  try {
    Store store(file);
    FAIL("a newer database was opened");
  } catch (const versiond::Error& e) {
    CHECK(e.kind() == versiond::ErrorKind::io);
    CHECK(std::string(e.what()) ==
          file.string() + ": database schema version 99 is newer than this versiond understands (" +
              std::to_string(current_schema_version()) + "); use a newer versiond");
  }
}

TEST_CASE("store: migrations are numbered in order and never destructive", "[store]") {
  int expected = 1;
  for (const auto& m : migrations()) {
    CHECK(m.version == expected++);
    std::string upper(m.sql);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    INFO("migration " << m.version);
    CHECK(upper.find("DROP ") == std::string::npos);
    CHECK(upper.find("DELETE ") == std::string::npos);
    CHECK(upper.find("UPDATE ") == std::string::npos);
  }
}

TEST_CASE("store: a failing migration leaves the database at the previous version", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "half.db";
  {
    Database db(file);
    migrate(db, 1);
    // A table named like the one migration 2 creates makes migration 2 fail.
    db.exec("CREATE TABLE http_cache (x INTEGER)");
  }
  CHECK_THROWS_WITH(Store(file), Catch::Contains("already exists"));
  Database db(file);
  CHECK(db.user_version() == 1);
}

TEST_CASE("store: a file that is not a database is an I/O error naming it", "[store]") {
  TempDir dir;
  const auto file = dir.write("junk.db", std::string(4096, 'x'));
  CHECK_THROWS_WITH(Store(file), Catch::StartsWith(file.string() + ": "));
  CHECK(versiond::test::read_file(file) == std::string(4096, 'x'));  // never overwritten
}

TEST_CASE("store: another program's SQLite database is refused and left untouched", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "foreign.db";
  {
    Database other(file);
    other.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)");
    other.exec("INSERT INTO moz_places (url) VALUES ('https://example.org/')");
  }
  const std::string before = versiond::test::read_file(file);
  CHECK_THROWS_WITH(Store(file),
                    Catch::StartsWith(file.string() + ": an SQLite database that is not a versiond "
                                                      "store (tables: moz_places)"));
  CHECK(versiond::test::read_file(file) == before);
  // A foreign file that sets user_version like ours is refused too.
  {
    Database other(file);
    other.exec("PRAGMA user_version = 2");
  }
  CHECK_THROWS_WITH(Store(file), Catch::Contains("not a versiond store"));
}

TEST_CASE("store: opened read-only it reads, never writes, and never migrates", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "versiond.db";
  {
    Store writer(file);
    writer.record_scan(versiond::test::sample_scan("2026-01-01T00:00:05Z"));
  }
  {
    Store reader(file, OpenMode::read_only);
    CHECK(reader.scans().size() == 1);
    CHECK_THROWS_WITH(reader.record_scan(versiond::test::sample_scan("2026-01-02T00:00:05Z")),
                      Catch::Contains("readonly"));
  }
  CHECK(Store(file).scans().size() == 1);

  const auto old_file = dir.path() / "old.db";
  {
    Database db(old_file);
    migrate(db, 1);
  }
  CHECK_THROWS_WITH(Store(old_file, OpenMode::read_only),
                    Catch::Contains("store schema version 1 is older than this versiond's") &&
                        Catch::Contains("run `versiond scan` once to upgrade it"));
  CHECK(Database(old_file).user_version() == 1);  // left as it was

  CHECK_THROWS_WITH(Store(dir.path() / "absent.db", OpenMode::read_only),
                    Catch::Contains("absent.db: cannot open database"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "absent.db"));
}

TEST_CASE("store: lock-file platforms are remembered per lock file and provider", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "versiond.db";
  {
    // A version 5 database (before lock_platforms) is migrated when opened.
    Database db(file);
    migrate(db, 5);
    CHECK(db.user_version() == 5);
  }
  {
    Store store(file);
    CHECK(store.db().user_version() == current_schema_version());
    CHECK(store.lock_platforms("tf/.terraform.lock.hcl", "hashicorp/azurerm").empty());
    store.record_lock_platforms("tf/.terraform.lock.hcl", "hashicorp/azurerm",
                                {"linux_amd64", "darwin_arm64"}, "2026-12-07T00:00:00Z");
    store.record_lock_platforms("other/.terraform.lock.hcl", "hashicorp/azurerm", {"windows_amd64"},
                                "2026-12-07T00:00:00Z");
    CHECK_THROWS_AS(store.record_lock_platforms("tf/.terraform.lock.hcl", "hashicorp/random", {},
                                                "2026-12-07T00:00:00Z"),
                    versiond::Error);
  }
  Store reopened(file);  // what was recorded is in the file, sorted
  CHECK(reopened.lock_platforms("tf/.terraform.lock.hcl", "hashicorp/azurerm") ==
        std::vector<std::string>{"darwin_arm64", "linux_amd64"});
  CHECK(reopened.lock_platforms("other/.terraform.lock.hcl", "hashicorp/azurerm") ==
        std::vector<std::string>{"windows_amd64"});
  CHECK(reopened.lock_platforms("tf/.terraform.lock.hcl", "hashicorp/random").empty());
  // A later write replaces the list.
  reopened.record_lock_platforms("tf/.terraform.lock.hcl", "hashicorp/azurerm", {"linux_arm64"},
                                 "2026-12-08T00:00:00Z");
  CHECK(reopened.lock_platforms("tf/.terraform.lock.hcl", "hashicorp/azurerm") ==
        std::vector<std::string>{"linux_arm64"});
}
