#include "versiond/store/store.hpp"

#include <map>
#include <set>
#include <sstream>

#include "versiond/core/error.hpp"
#include "versiond/core/fault_point.hpp"
#include "versiond/net/sha256.hpp"
#include "versiond/store/advisories.hpp"
#include "versiond/store/migrations.hpp"

namespace fs = std::filesystem;

namespace versiond::store {

namespace {

fs::path with_parent_folder(const fs::path& file) {
  std::error_code ec;
  if (file.has_parent_path()) {
    fs::create_directories(file.parent_path(), ec);
    if (ec) {
      throw Error(ErrorKind::io, file.parent_path().string() + ": cannot create: " + ec.message());
    }
  }
  return file;
}

constexpr std::string_view k_observation_columns =
    "component_key, name, kind, file, current, datasource, package, package_key, "
    "latest_in_range, latest_overall, bump, breaking, newest_published, eol, notes_url, status, "
    "reason, first_scan, last_scan, first_seen_at, last_seen_at, decision, updates, "
    "upstream_flags, "
    "advisory_status, advisories, safe_target";

// Reads the k_observation_columns starting at column `first`.
Observation read_observation(const Statement& s, int first = 0) {
  Observation o;
  int c = first;
  o.component_key = s.text(c++);
  o.name = s.text(c++);
  o.kind = s.text(c++);
  o.file = s.text(c++);
  o.current = s.text(c++);
  o.datasource = s.text(c++);
  o.package = s.text(c++);
  o.package_key = s.text(c++);
  o.latest_in_range = s.text(c++);
  o.latest_overall = s.text(c++);
  o.bump = s.text(c++);
  o.breaking = s.integer(c++) != 0;
  o.newest_published = s.text(c++);
  o.eol = s.text(c++);
  o.notes_url = s.text(c++);
  o.status = s.text(c++);
  o.reason = s.text(c++);
  o.first_scan = s.integer(c++);
  o.last_scan = s.integer(c++);
  o.first_seen_at = s.text(c++);
  o.last_seen_at = s.text(c++);
  o.decision = s.text(c++);
  o.updates = s.text(c++);
  o.upstream_flags = s.text(c++);
  o.advisory_status = s.text(c++);
  o.advisories = s.text(c++);
  o.safe_target = s.text(c++);
  return o;
}

ScanSummary read_scan(const Statement& s) {
  ScanSummary r;
  r.id = s.integer(0);
  r.started_at = s.text(1);
  r.finished_at = s.text(2);
  r.repo = s.text(3);
  r.commit = s.text(4);
  r.duration_ms = s.integer(5);
  r.outcome = s.text(6);
  r.components = static_cast<int>(s.integer(7));
  r.lookups_failed = static_cast<int>(s.integer(8));
  r.requests = s.integer(9);
  r.not_modified = s.integer(10);
  return r;
}

constexpr std::string_view k_scan_columns =
    "id, started_at, finished_at, repo, commit_sha, duration_ms, outcome, components, "
    "lookups_failed, requests, not_modified";

std::int64_t insert_scan(Database& db, const ScanSummary& s) {
  Statement st(
      db,
      "INSERT INTO scans (started_at, finished_at, repo, commit_sha, duration_ms, outcome, "
      "components, lookups_failed, requests, not_modified) "
      "VALUES (?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, s.started_at)
      .bind(2, s.finished_at)
      .bind(3, s.repo)
      .bind(4, s.commit)
      .bind(5, s.duration_ms)
      .bind(6, s.outcome)
      .bind(7, std::int64_t{s.components})
      .bind(8, std::int64_t{s.lookups_failed})
      .bind(9, s.requests)
      .bind(10, s.not_modified)
      .run();
  return db.last_insert_rowid();
}

// Inserts a row when the component's conclusion changed, else moves the
// last row's last_scan forward: an unchanged upstream adds no rows.
void write_observations(Database& db, const std::vector<Observation>& observations,
                        std::int64_t scan_id, const std::string& at) {
  Statement last(db, "SELECT id, " + std::string(k_observation_columns) +
                         " FROM observations WHERE component_key = ? ORDER BY id DESC LIMIT 1");
  Statement touch(db, "UPDATE observations SET last_scan = ?, last_seen_at = ? WHERE id = ?");
  Statement insert(db, "INSERT INTO observations (" + std::string(k_observation_columns) +
                           ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& o : observations) {
    last.reset();
    last.bind(1, o.component_key);
    if (last.step()) {
      const std::int64_t id = last.integer(0);
      const bool unchanged = read_observation(last, 1).same_value(o);
      last.reset();
      if (unchanged) {
        touch.reset();
        touch.bind(1, scan_id).bind(2, at).bind(3, id).run();
        continue;
      }
    }
    insert.reset();
    insert.bind(1, o.component_key)
        .bind(2, o.name)
        .bind(3, o.kind)
        .bind(4, o.file)
        .bind(5, o.current)
        .bind(6, o.datasource)
        .bind(7, o.package)
        .bind(8, o.package_key)
        .bind(9, o.latest_in_range)
        .bind(10, o.latest_overall)
        .bind(11, o.bump)
        .bind(12, std::int64_t{o.breaking ? 1 : 0})
        .bind(13, o.newest_published)
        .bind(14, o.eol)
        .bind(15, o.notes_url)
        .bind(16, o.status)
        .bind(17, o.reason)
        .bind(18, scan_id)
        .bind(19, scan_id)
        .bind(20, at)
        .bind(21, at)
        .bind(22, o.decision)
        .bind(23, o.updates)
        .bind(24, o.upstream_flags)
        .bind(25, o.advisory_status)
        .bind(26, o.advisories)
        .bind(27, o.safe_target)
        .run();
  }
}

// Re-seeing a release adds nothing; a publish date learnt later fills the gap.
void write_releases(Database& db, const std::vector<PackageReleases>& lookups, std::int64_t scan_id,
                    const std::string& at) {
  Statement insert(db,
                   "INSERT INTO releases (package_key, version, published, prerelease, notes_url, "
                   "first_seen_scan, eol, latest) VALUES (?,?,?,?,?,?,?,?) "
                   "ON CONFLICT (package_key, version) DO UPDATE SET "
                   "published = CASE WHEN releases.published = '' THEN excluded.published "
                   "ELSE releases.published END, eol = excluded.eol, latest = excluded.latest "
                   "WHERE (releases.published = '' AND excluded.published <> '') "
                   "OR releases.eol <> excluded.eol OR releases.latest <> excluded.latest");
  Statement package(db,
                    "INSERT INTO packages (package_key, last_ok_at, last_ok_scan) VALUES (?,?,?) "
                    "ON CONFLICT (package_key) DO UPDATE SET last_ok_at = excluded.last_ok_at, "
                    "last_ok_scan = excluded.last_ok_scan");
  for (const auto& lookup : lookups) {
    for (const auto& r : lookup.releases) {
      insert.reset();
      insert.bind(1, lookup.package_key)
          .bind(2, r.version)
          .bind(3, r.published)
          .bind(4, std::int64_t{r.prerelease ? 1 : 0})
          .bind(5, r.notes_url)
          .bind(6, scan_id)
          .bind(7, r.eol)
          .bind(8, r.latest)
          .run();
    }
    package.reset();
    package.bind(1, lookup.package_key).bind(2, at).bind(3, scan_id).run();
  }
}

void write_http_cache(Database& db, const std::vector<HttpCacheEntry>& entries,
                      const std::string& at) {
  Statement upsert(
      db,
      "INSERT INTO http_cache (url, etag, last_modified, body_sha256, body, fetched_at) "
      "VALUES (?,?,?,?,?,?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
      "last_modified = excluded.last_modified, body_sha256 = excluded.body_sha256, "
      "body = excluded.body, fetched_at = excluded.fetched_at");
  for (const auto& e : entries) {
    upsert.reset();
    upsert.bind(1, e.url)
        .bind(2, e.entry.etag)
        .bind(3, e.entry.last_modified)
        .bind(4, net::sha256_hex(e.entry.body))
        .bind_blob(5, e.entry.body)
        .bind(6, at)
        .run();
  }
}

}  // namespace

Store::Store(const fs::path& file, OpenMode mode)
    : file_(file), db_(mode == OpenMode::read_write ? with_parent_folder(file) : file, mode) {
  if (mode == OpenMode::read_write) {
    migrate(db_);
    return;
  }
  const int found = db_.user_version();
  const int current = current_schema_version();
  if (found < current) {
    throw Error(ErrorKind::usage, file.string() + ": store schema version " +
                                      std::to_string(found) + " is older than this versiond's (" +
                                      std::to_string(current) +
                                      "); run `versiond scan` once to upgrade it");
  }
  if (found > current) {
    throw Error(ErrorKind::usage, file.string() + ": store schema version " +
                                      std::to_string(found) +
                                      " is newer than this versiond understands (" +
                                      std::to_string(current) + "); use a newer versiond");
  }
}

std::int64_t Store::record_scan(const ScanRecord& record) {
  Transaction tx(db_);
  const std::int64_t id = insert_scan(db_, record.scan);
  const std::string& at = record.scan.finished_at;
  write_observations(db_, record.observations, id, at);
  write_releases(db_, record.lookups, id, at);
  write_http_cache(db_, record.http_cache, at);
  write_advisories(db_, record.advisories, at);
  write_oci_chart_configs(db_, record.oci_chart_configs, at);
  core::fault_point("store.before_commit");
  tx.commit();
  core::fault_point("store.after_commit");
  return id;
}

std::vector<ScanSummary> Store::scans() {
  Statement s(db_, "SELECT " + std::string(k_scan_columns) + " FROM scans ORDER BY id");
  std::vector<ScanSummary> out;
  while (s.step()) {
    out.push_back(read_scan(s));
  }
  return out;
}

std::optional<ScanSummary> Store::latest_scan() {
  Statement s(db_,
              "SELECT " + std::string(k_scan_columns) + " FROM scans ORDER BY id DESC LIMIT 1");
  if (s.step()) {
    return read_scan(s);
  }
  return std::nullopt;
}

std::vector<Observation> Store::observations(const std::string& component_key) {
  Statement s(db_, "SELECT " + std::string(k_observation_columns) +
                       " FROM observations WHERE ?1 = '' OR component_key = ?1 "
                       "ORDER BY component_key, id");
  s.bind(1, component_key);
  std::vector<Observation> out;
  while (s.step()) {
    out.push_back(read_observation(s));
  }
  return out;
}

std::vector<Observation> Store::latest_observations() {
  Statement s(db_, "SELECT " + std::string(k_observation_columns) +
                       " FROM observations WHERE last_scan = (SELECT MAX(id) FROM scans) "
                       "ORDER BY file, component_key");
  std::vector<Observation> out;
  while (s.step()) {
    out.push_back(read_observation(s));
  }
  return out;
}

std::vector<Release> Store::releases(const std::string& package_key) {
  Statement s(
      db_,
      "SELECT r.version, r.published, r.prerelease, r.notes_url, r.first_seen_scan, "
      "s.finished_at, r.eol, r.latest FROM releases r JOIN scans s ON s.id = r.first_seen_scan "
      "WHERE r.package_key = ? ORDER BY r.id");
  s.bind(1, package_key);
  std::vector<Release> out;
  while (s.step()) {
    Release r;
    r.version = s.text(0);
    r.published = s.text(1);
    r.prerelease = s.integer(2) != 0;
    r.notes_url = s.text(3);
    r.first_seen_scan = s.integer(4);
    r.first_seen_at = s.text(5);
    r.eol = s.text(6);
    r.latest = s.text(7);
    out.push_back(std::move(r));
  }
  return out;
}

std::string Store::last_ok_at(const std::string& package_key) {
  Statement s(db_, "SELECT last_ok_at FROM packages WHERE package_key = ?");
  s.bind(1, package_key);
  return s.step() ? s.text(0) : std::string();
}

std::vector<std::string> Store::lock_platforms(const std::string& lock_file,
                                               const std::string& provider) {
  Statement s(db_, "SELECT platforms FROM lock_platforms WHERE lock_file = ? AND provider = ?");
  s.bind(1, lock_file).bind(2, provider);
  std::vector<std::string> out;
  if (s.step()) {
    std::stringstream list(s.text(0));
    for (std::string p; std::getline(list, p, ',');) {
      if (!p.empty()) {
        out.push_back(p);
      }
    }
  }
  return out;
}

void Store::record_lock_platforms(const std::string& lock_file, const std::string& provider,
                                  const std::vector<std::string>& platforms,
                                  const std::string& at) {
  std::set<std::string> sorted(platforms.begin(), platforms.end());
  std::string list;
  for (const auto& p : sorted) {
    if (p.empty() || p.find(',') != std::string::npos) {
      throw Error(ErrorKind::internal, "lock platform '" + p + "' cannot be recorded");
    }
    list += (list.empty() ? "" : ",") + p;
  }
  if (list.empty()) {
    throw Error(ErrorKind::internal, "no lock platform to record for " + provider);
  }
  Statement s(db_,
              "INSERT INTO lock_platforms (lock_file, provider, platforms, written_at) "
              "VALUES (?,?,?,?) ON CONFLICT (lock_file, provider) DO UPDATE SET "
              "platforms = excluded.platforms, written_at = excluded.written_at");
  s.bind(1, lock_file).bind(2, provider).bind(3, list).bind(4, at).run();
}

std::optional<net::CachedEntry> Store::cached(const std::string& url) {
  Statement s(db_, "SELECT etag, last_modified, body_sha256, body FROM http_cache WHERE url = ?");
  s.bind(1, url);
  if (!s.step()) {
    return std::nullopt;
  }
  net::CachedEntry e{s.text(0), s.text(1), s.text(3)};
  // A body that does not match its digest is treated as absent: the next
  // request is unconditional and stores a fresh copy.
  if (net::sha256_hex(e.body) != s.text(2)) {
    return std::nullopt;
  }
  return e;
}

RowCounts Store::counts() {
  const auto count = [this](std::string_view table) {
    Statement s(db_, "SELECT COUNT(*) FROM " + std::string(table));
    s.step();
    return s.integer(0);
  };
  return {count("scans"), count("observations"), count("releases"), count("packages"),
          count("http_cache")};
}

}  // namespace versiond::store
