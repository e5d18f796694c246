// The store's OCI chart configs (migration 10): what the config blob of an
// OCI chart's tag said (version, appVersion), so that a later scan judges the
// chart by its appVersion without asking the registry again. Written by
// Store::record_scan in the scan's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "versiond/store/sqlite.hpp"

namespace versiond::store {

struct OciChartConfigRow {
  std::string registry;         // registry host ("ghcr.io", "docker.io")
  std::string repository;       // repository path ("charts/podinfo")
  std::string tag;              // the OCI tag (a chart version, '+' written '_')
  std::string manifest_digest;  // the manifest the tag named when it was fetched
  std::string config_digest;    // the config blob's digest (checked when fetched)
  std::string version;          // the chart's `version`
  std::string app_version;      // the chart's `appVersion`; "" when the chart has none
  std::string fetched_at;       // filled by reads
};

// Inserts or replaces rows (by registry, repository, tag); at: ISO 8601 time.
void write_oci_chart_configs(Database& db, const std::vector<OciChartConfigRow>& rows,
                             const std::string& at);

// The stored config of registry/repository:tag, when any.
std::optional<OciChartConfigRow> oci_chart_config(Database& db, const std::string& registry,
                                                  const std::string& repository,
                                                  const std::string& tag);

}  // namespace versiond::store
