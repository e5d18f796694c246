// The store's advisory tables (migration 8): records by id with their
// `modified`, the ids OSV lists per package, and the exposure history (when
// an advisory was first and last seen on a component, and when it stopped
// applying). Written by Store::record_scan in the scan's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "versiond/store/sqlite.hpp"

namespace versiond::store {

struct AdvisoryRecordRow {
  std::string id;
  std::string modified;
  std::string source;  // "osv", "github-repository"
  std::string body;    // the record as fetched (JSON)
  std::string fetched_at;
};

struct AdvisoryListing {
  std::string ecosystem;
  std::string name;
  std::vector<std::string> ids;  // every record id the source listed for the package
};

// One advisory affecting one component in this scan.
struct Exposure {
  std::string component_key;
  std::string advisory_id;
  std::string severity;
  // Filled by reads.
  std::string first_seen_at;
  std::string last_seen_at;
  std::string resolved_at;  // "" while it still applies
};

struct AdvisoryWrites {
  std::vector<AdvisoryRecordRow> records;
  std::vector<AdvisoryListing> listings;
  std::vector<Exposure> exposures;  // currently affecting
  // Components whose advisories were judged in this scan: an open exposure of
  // one of them that is not in `exposures` is resolved now.
  std::vector<std::string> checked_components;
};

void write_advisories(Database& db, const AdvisoryWrites& writes, const std::string& at);

// The stored record with this id, when any.
std::optional<AdvisoryRecordRow> advisory_record(Database& db, const std::string& id);
// The ids last listed for a package; nullopt when never listed.
std::optional<std::vector<std::string>> advisory_listing(Database& db, const std::string& ecosystem,
                                                         const std::string& name);
// Exposure history of one component (every component when key is ""), oldest first.
std::vector<Exposure> exposures(Database& db, const std::string& component_key = {});

}  // namespace versiond::store
