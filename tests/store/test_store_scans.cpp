#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>

#include "store/store_samples.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/store.hpp"

using namespace versiond::store;
using versiond::test::sample_scan;
using versiond::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("store: a scan records its summary, observations, releases and lookups", "[store]") {
  TempDir dir;
  Store store(dir.path() / "v.db");
  auto record = sample_scan("2026-11-01T06:00:00Z");
  record.scan.commit = "0123456789abcdef0123456789abcdef01234567";
  record.scan.requests = 4;
  const auto id = store.record_scan(record);
  CHECK(id == 1);
  const auto scan = store.latest_scan();
  REQUIRE(scan);
  CHECK(scan->commit == record.scan.commit);
  CHECK(scan->requests == 4);
  CHECK(scan->outcome == "completed");
  const auto latest = store.latest_observations();
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].name == "nats");  // ordered by file
  CHECK(latest[1].latest_in_range == "4.78.4");
  CHECK(latest[1].latest_overall == "5.2.0");
  CHECK(latest[1].breaking);
  CHECK(latest[1].first_scan == 1);
  const auto releases = store.releases(record.observations[0].package_key);
  REQUIRE(releases.size() == 3);
  CHECK(releases[2].version == "5.2.0");
  CHECK(releases[2].first_seen_at == "2026-11-01T06:00:00Z");
  CHECK(store.last_ok_at(record.observations[0].package_key) == "2026-11-01T06:00:00Z");
  CHECK(store.last_ok_at("docker|docker.io|library/redis").empty());
}

TEST_CASE("store: an unchanged second scan adds only the scan row", "[store]") {
  TempDir dir;
  Store store(dir.path() / "v.db");
  store.record_scan(sample_scan("2026-11-01T06:00:00Z"));
  const RowCounts before = store.counts();
  store.record_scan(sample_scan("2026-11-08T06:00:00Z"));
  const RowCounts after = store.counts();
  CHECK(after.scans == before.scans + 1);
  CHECK(after.observations == before.observations);
  CHECK(after.releases == before.releases);
  CHECK(after.packages == before.packages);
  CHECK(after.http_cache == before.http_cache);
  // The existing rows now extend to the second scan.
  for (const auto& o : store.latest_observations()) {
    CHECK(o.first_scan == 1);
    CHECK(o.last_scan == 2);
    CHECK(o.last_seen_at == "2026-11-08T06:00:00Z");
  }
  CHECK(store.last_ok_at("docker|docker.io|library/nats") == "2026-11-08T06:00:00Z");
}

TEST_CASE("store: a changed conclusion or a new release adds exactly the new rows", "[store]") {
  TempDir dir;
  Store store(dir.path() / "v.db");
  store.record_scan(sample_scan("2026-11-01T06:00:00Z"));
  auto next = sample_scan("2026-11-08T06:00:00Z");
  next.observations[1].latest_overall = "2.11.0";  // nats 2.11.0 appeared
  next.observations[1].bump = "minor";
  next.lookups[1].releases.push_back(versiond::test::release("2.11.0", "2026-11-05"));
  // A publish date learnt later fills the gap without a new row.
  next.lookups[1].releases[0].published = "2026-06-01";
  const RowCounts before = store.counts();
  store.record_scan(next);
  const RowCounts after = store.counts();
  CHECK(after.observations == before.observations + 1);
  CHECK(after.releases == before.releases + 1);
  const auto nats = store.observations("k8s/nats.yaml|k8s-image|docker.io/library/nats|nats");
  REQUIRE(nats.size() == 2);
  CHECK(nats[0].last_scan == 1);
  CHECK(nats[1].first_scan == 2);
  CHECK(nats[1].latest_overall == "2.11.0");
  const auto releases = store.releases("docker|docker.io|library/nats");
  REQUIRE(releases.size() == 2);
  CHECK(releases[0].published == "2026-06-01");
  CHECK(releases[1].first_seen_scan == 2);
}

TEST_CASE("store: an error part-way through a scan leaves the previous state intact", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "v.db";
  {
    Store store(file);
    store.record_scan(sample_scan("2026-11-01T06:00:00Z"));
  }
  {
    Store store(file);
    auto broken = sample_scan("2026-11-08T06:00:00Z");
    broken.observations[0].latest_overall = "6.0.0";  // would be a new row
    broken.lookups[0].releases.push_back(versiond::test::release("6.0.0", ""));
    broken.observations.back().component_key.clear();  // violates a CHECK, last of all
    CHECK_THROWS_WITH(store.record_scan(broken), Catch::Contains("CHECK constraint failed"));
  }
  Store store(file);
  const auto counts = store.counts();
  CHECK(counts.scans == 1);
  CHECK(counts.observations == 2);
  CHECK(counts.releases == 4);
  CHECK(store.latest_observations()[1].latest_overall == "5.2.0");
}

#ifdef VERSIOND_FAULT_POINTS
namespace {

// Records `scan` in a forked child armed to die (SIGKILL) at `point`; returns
// after the child is gone.
void record_in_child_killed_at(const fs::path& file, const ScanRecord& scan, const char* point) {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::setenv("VERSIOND_FAULT_POINT", point, 1);
    Store store(file);
    store.record_scan(scan);
    ::_exit(0);  // not reached when the point fires
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
}

}  // namespace

TEST_CASE("store: a process killed inside the scan transaction loses only that scan", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "v.db";
  {
    Store store(file);
    store.record_scan(sample_scan("2026-11-01T06:00:00Z"));
  }
  // Store::record_scan itself, killed after every row is written, before COMMIT.
  record_in_child_killed_at(file, sample_scan("2026-11-08T06:00:00Z"), "store.before_commit");
  {
    Store store(file);
    const auto counts = store.counts();
    CHECK(counts.scans == 1);
    CHECK(counts.releases == 4);
    // And the database still takes writes.
    store.record_scan(sample_scan("2026-11-08T06:00:00Z"));
    CHECK(store.counts().scans == 2);
  }
  // Killed just after COMMIT: the scan is there, whole.
  record_in_child_killed_at(file, sample_scan("2026-11-15T06:00:00Z"), "store.after_commit");
  Store store(file);
  CHECK(store.counts().scans == 3);
}
#endif
