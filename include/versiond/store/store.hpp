// The versiond store: one SQLite file (WAL) holding scans, observations,
// release history and the HTTP cache. Opening it read-write applies pending
// migrations.
//
// All writes of one scan happen in record_scan(), in one transaction: a crash
// or an error part-way leaves the previous state intact.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "versiond/net/http_cache.hpp"
#include "versiond/store/advisories.hpp"
#include "versiond/store/oci_charts.hpp"
#include "versiond/store/records.hpp"
#include "versiond/store/sqlite.hpp"

namespace versiond::store {

struct HttpCacheEntry {
  std::string url;
  net::CachedEntry entry;
};

// Everything one scan writes.
struct ScanRecord {
  ScanSummary scan;
  std::vector<Observation> observations;
  std::vector<PackageReleases> lookups;              // successful lookups only
  std::vector<HttpCacheEntry> http_cache;            // entries stored by the HTTP client
  AdvisoryWrites advisories;                         // records fetched, listings, exposure
  std::vector<OciChartConfigRow> oci_chart_configs;  // chart configs read from registries
};

// Counts of rows per table, for tests and `versiond history --stats`.
struct RowCounts {
  std::int64_t scans = 0;
  std::int64_t observations = 0;
  std::int64_t releases = 0;
  std::int64_t packages = 0;
  std::int64_t http_cache = 0;
};

class Store {
 public:
  // read_write: opens or creates the database (and its parent folder), then
  // migrates. read_only (`versiond history`): the file must exist and already
  // have this binary's schema version; nothing is migrated or written.
  explicit Store(const std::filesystem::path& file, OpenMode mode = OpenMode::read_write);

  Database& db() noexcept { return db_; }
  const std::filesystem::path& file() const noexcept { return file_; }

  // Writes one scan atomically and returns its id.
  std::int64_t record_scan(const ScanRecord& record);

  std::vector<ScanSummary> scans();
  std::optional<ScanSummary> latest_scan();
  // Every observation row of one component (or of all when key is ""), oldest first.
  std::vector<Observation> observations(const std::string& component_key = {});
  // The newest row of each component seen in the latest scan.
  std::vector<Observation> latest_observations();
  // Releases of a package, in the order they were first seen.
  std::vector<Release> releases(const std::string& package_key);
  // When the package was last looked up successfully ("" = never).
  std::string last_ok_at(const std::string& package_key);

  // The platforms ("linux_amd64", sorted) whose h1: versiond last wrote for
  // provider (as the lock block names it) in lock_file (repository-relative);
  // empty when it never wrote that block.
  std::vector<std::string> lock_platforms(const std::string& lock_file,
                                          const std::string& provider);
  // Remembers them (replacing what was recorded); at: ISO 8601 time.
  void record_lock_platforms(const std::string& lock_file, const std::string& provider,
                             const std::vector<std::string>& platforms, const std::string& at);

  // The HTTP cache entry for url, when stored and its body is intact.
  std::optional<net::CachedEntry> cached(const std::string& url);

  RowCounts counts();

 private:
  std::filesystem::path file_;
  Database db_;
};

}  // namespace versiond::store
