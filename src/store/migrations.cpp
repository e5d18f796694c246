#include "versiond/store/migrations.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "versiond/core/error.hpp"

namespace versiond::store {

namespace {

// Version 1: scans, what each concluded per component, the releases seen per
// package and when each package was last looked up successfully.
constexpr std::string_view k_v1 = R"sql(
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  repo TEXT NOT NULL,
  commit_sha TEXT NOT NULL DEFAULT '',
  duration_ms INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'partial')),
  components INTEGER NOT NULL DEFAULT 0,
  lookups_failed INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  not_modified INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE observations (
  id INTEGER PRIMARY KEY,
  component_key TEXT NOT NULL CHECK (component_key <> ''),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  file TEXT NOT NULL,
  current TEXT NOT NULL,
  datasource TEXT NOT NULL,
  package TEXT NOT NULL,
  package_key TEXT NOT NULL,
  latest_in_range TEXT NOT NULL,
  latest_overall TEXT NOT NULL,
  bump TEXT NOT NULL CHECK (bump IN ('none', 'patch', 'minor', 'major')),
  breaking INTEGER NOT NULL,
  newest_published TEXT NOT NULL,
  eol TEXT NOT NULL,
  notes_url TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
  reason TEXT NOT NULL,
  first_scan INTEGER NOT NULL REFERENCES scans(id),
  last_scan INTEGER NOT NULL REFERENCES scans(id),
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX observations_by_component ON observations(component_key, id);
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  package_key TEXT NOT NULL,
  version TEXT NOT NULL,
  published TEXT NOT NULL,
  prerelease INTEGER NOT NULL,
  notes_url TEXT NOT NULL,
  first_seen_scan INTEGER NOT NULL REFERENCES scans(id)
);
CREATE UNIQUE INDEX releases_by_package ON releases(package_key, version);
CREATE TABLE packages (
  package_key TEXT PRIMARY KEY,
  last_ok_at TEXT NOT NULL,
  last_ok_scan INTEGER NOT NULL REFERENCES scans(id)
);
)sql";

// Version 2: the HTTP cache behind conditional requests (ETag/Last-Modified).
constexpr std::string_view k_v2 = R"sql(
CREATE TABLE http_cache (
  url TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  body BLOB NOT NULL,
  fetched_at TEXT NOT NULL
);
)sql";

// Version 3: end-of-life date and newest patch of endoflife.date cycles, so
// that --offline answers EOL questions from the store too.
constexpr std::string_view k_v3 = R"sql(
ALTER TABLE releases ADD COLUMN eol TEXT NOT NULL DEFAULT '';
ALTER TABLE releases ADD COLUMN latest TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: the policy's decision per observation (one line, and the
// updates as JSON), so that history shows when a decision changed.
constexpr std::string_view k_v4 = R"sql(
ALTER TABLE observations ADD COLUMN decision TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN updates TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: what upstream says about a package beyond its versions
// ("deprecated", "archived", "stale since DATE", comma-separated), so that
// history shows when a chart was deprecated or an image went quiet.
constexpr std::string_view k_v5 = R"sql(
ALTER TABLE observations ADD COLUMN upstream_flags TEXT NOT NULL DEFAULT '';
)sql";

// Version 6: the platforms whose h1: hashes `versiond update` last wrote into a
// Terraform lock file's provider block, so that the next update of that block
// records the same platforms without being told again.
constexpr std::string_view k_v6 = R"sql(
CREATE TABLE lock_platforms (
  lock_file TEXT NOT NULL CHECK (lock_file <> ''),
  provider TEXT NOT NULL CHECK (provider <> ''),
  platforms TEXT NOT NULL CHECK (platforms <> ''),
  written_at TEXT NOT NULL,
  PRIMARY KEY (lock_file, provider)
);
)sql";

// Version 7: write intents of `versiond apply`. Each external write (a plan
// issue created, a PR edited, a branch pushed) is recorded as pending before it
// is made and confirmed after; the next run reconciles what is still pending
// against the forge before writing anything new.
constexpr std::string_view k_v7 = R"sql(
CREATE TABLE write_intents (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  summary TEXT NOT NULL,
  state TEXT NOT NULL,
  result TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX write_intents_by_state ON write_intents(state);
)sql";

// Version 8: security advisories. The advisory verdict per observation; the
// records by id with their `modified` (a record is fetched again only when
// OSV lists a newer one); the ids listed per advisory package (for
// --offline); and when each advisory was first and last seen on a component.
constexpr std::string_view k_v8 = R"sql(
ALTER TABLE observations ADD COLUMN advisory_status TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN advisories TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN safe_target TEXT NOT NULL DEFAULT '';
CREATE TABLE advisory_records (
  id TEXT PRIMARY KEY,
  modified TEXT NOT NULL,
  source TEXT NOT NULL,
  body TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);
CREATE TABLE advisory_packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  ids TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name)
);
CREATE TABLE advisory_exposure (
  component_key TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  resolved_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (component_key, advisory_id, first_seen_at)
);
)sql";

// Version 9: the runs of `versiond serve`'s schedules, per schedule and
// repository: what ran, for which slot, how it ended. The last one per
// schedule+repository tells the service at start-up whether a slot was
// missed while it was down; a run still `running` was interrupted.
constexpr std::string_view k_v9 = R"sql(
CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY,
  schedule TEXT NOT NULL CHECK (schedule <> ''),
  job TEXT NOT NULL CHECK (job IN ('scan', 'apply')),
  repository TEXT NOT NULL CHECK (repository <> ''),
  slot TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL CHECK (outcome IN ('running', 'success', 'partial', 'failure')),
  duration_ms INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_by_schedule ON job_runs(schedule, repository, id);
)sql";

// Version 10: the Helm chart config (version, appVersion) of OCI chart tags,
// read from the config blob a tag's manifest names, so advisories judge an
// OCI chart by its appVersion as they judge an index.yaml chart.
//
// Keyed by tag, not by manifest digest: a scan lists an OCI chart's tags
// and asks for no manifest, so a digest key would cost a manifest request
// per chart version per scan to save a blob request, where the tag key costs
// nothing once known. A chart version is pushed once (Helm's versioning
// contract; a re-push of the same version is rare and a mistake); should a
// tag be re-pointed, the row keeps the manifest and config digests it was
// read from, and deleting the row makes the next scan read the tag again.
constexpr std::string_view k_v10 = R"sql(
CREATE TABLE oci_chart_configs (
  registry TEXT NOT NULL CHECK (registry <> ''),
  repository TEXT NOT NULL CHECK (repository <> ''),
  tag TEXT NOT NULL CHECK (tag <> ''),
  manifest_digest TEXT NOT NULL,
  config_digest TEXT NOT NULL,
  version TEXT NOT NULL,
  app_version TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (registry, repository, tag)
);
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "scans, observations, releases, packages", k_v1},
      {2, "http_cache", k_v2},
      {3, "releases.eol, releases.latest", k_v3},
      {4, "observations.decision, observations.updates", k_v4},
      {5, "observations.upstream_flags", k_v5},
      {6, "lock_platforms", k_v6},
      {7, "write_intents", k_v7},
      {8, "advisories: observations.advisory_status/advisories/safe_target, records, exposure",
       k_v8},
      {9, "job_runs (versiond serve)", k_v9},
      {10, "oci_chart_configs (appVersion of OCI charts)", k_v10},
  };
  return all;
}

int current_schema_version() { return migrations().back().version; }

namespace {

// A store is an empty database (new) or one with versiond's `scans` table. Any
// other SQLite file (another program's, or a store whose tables were dropped)
// is refused before anything is written to it.
void refuse_foreign(Database& db, int found) {
  std::vector<std::string> tables;
  Statement list(db,
                 "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                 "ORDER BY name");
  while (list.step()) {
    tables.push_back(list.text(0));
  }
  const bool ours = std::find(tables.begin(), tables.end(), "scans") != tables.end();
  if (found == 0 ? tables.empty() : ours) {
    return;
  }
  std::string names;
  for (const auto& t : tables) {
    names += (names.empty() ? "" : ", ") + t;
  }
  throw Error(ErrorKind::io, db.name() + ": an SQLite database that is not a versiond store (" +
                                 (names.empty() ? std::string("no tables") : "tables: " + names) +
                                 "); refusing to write to it");
}

}  // namespace

void migrate(Database& db, int target) {
  const int latest = current_schema_version();
  const int found = db.user_version();
  if (found > latest) {
    throw Error(ErrorKind::io, db.name() + ": database schema version " + std::to_string(found) +
                                   " is newer than this versiond understands (" +
                                   std::to_string(latest) + "); use a newer versiond");
  }
  refuse_foreign(db, found);
  const int upto = target < 0 ? latest : target;
  for (const auto& m : migrations()) {
    if (m.version > upto) {
      continue;
    }
    Transaction tx(db);  // checked inside: another process may have migrated meanwhile
    if (m.version <= db.user_version()) {
      continue;
    }
    db.exec(m.sql);
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
  }
}

}  // namespace versiond::store
