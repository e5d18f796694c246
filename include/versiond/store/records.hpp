// The rows the store keeps, as plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "versiond/sources/source.hpp"

namespace versiond::store {

// One scan: when, of what, how it went.
struct ScanSummary {
  std::int64_t id = 0;     // assigned by the store
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  std::string repo;    // absolute path of the repository scanned
  std::string commit;  // HEAD commit, "" when not a git repository
  std::int64_t duration_ms = 0;
  std::string outcome;  // completed | partial (some lookups failed)
  int components = 0;
  int lookups_failed = 0;
  std::int64_t requests = 0;      // HTTP requests sent
  std::int64_t not_modified = 0;  // of which answered 304
};

// What one scan concluded about one component. The store keeps a row per
// distinct value: a scan that concludes the same as the last row for the
// component only moves that row's last_scan/last_seen_at forward.
struct Observation {
  std::string component_key;  // stable identity across scans (file|kind|package|name)
  std::string name;
  std::string kind;
  std::string file;
  std::string current;
  std::string datasource;
  std::string package;
  std::string package_key;      // datasource|registry|package, joins to releases
  std::string latest_in_range;  // best version satisfying the pinned constraint
  std::string latest_overall;   // newest stable version
  std::string bump = "none";    // none | patch | minor | major (current -> latest_overall)
  bool breaking = false;
  std::string newest_published;  // publish date of latest_overall, when known
  std::string eol;               // end-of-life date of the pinned cycle, when joined
  std::string notes_url;         // release notes of latest_overall
  std::string status;            // ok | failed | skipped
  std::string reason;            // why failed/skipped, "" when ok
  // What upstream says beyond versions: "deprecated", "archived", "stale since
  // YYYY-MM-DD", comma-separated; "" when nothing.
  std::string upstream_flags;
  std::string decision;  // the policy's updates in one line ("8.3.1 minor: low auto-pr"), "" = none
  std::string updates;   // the same as a JSON array with rules and reasons
  // Security advisories: affected | not_affected | no_source | incomplete |
  // failed ("" before advisories were checked); the advisories affecting the
  // current version as a JSON array; the safe target ("" = none).
  std::string advisory_status;
  std::string advisories;
  std::string safe_target;

  // Filled by reads.
  std::int64_t first_scan = 0;
  std::int64_t last_scan = 0;
  std::string first_seen_at;
  std::string last_seen_at;

  // True when the two describe the same conclusion (identity and read-side
  // fields are not compared).
  bool same_value(const Observation& other) const;
};

// One version of a package as upstream published it (the sources stage's
// Release), and, when read back, when versiond first saw it.
struct Release : sources::Release {
  std::int64_t first_seen_scan = 0;
  std::string first_seen_at;
};

// The releases one successful lookup returned for a package.
struct PackageReleases {
  std::string package_key;
  std::vector<Release> releases;
};

}  // namespace versiond::store
