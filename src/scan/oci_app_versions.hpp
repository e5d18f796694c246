// The appVersion of OCI charts for the advisory step. An index.yaml gives
// every chart version's appVersion with the listing (Release::latest); an OCI
// registry lists tags only, the appVersion is in each tag's chart config
// blob. For each OCI chart an advisory rule judges by appVersion, this reads
// the config of a bounded set of chart versions (the pinned one, the ones
// nearest above it, the newest), from the store when known and else from the
// registry, and fills their appVersion into the releases the advisory step
// reads (docs/ADVISORIES.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/sources/lookups.hpp"
#include "versiond/sources/source.hpp"
#include "versiond/store/store.hpp"

namespace versiond::scan::detail {

// How many stable chart versions above the pinned one, and how many of the
// newest, have their appVersion read: with the pinned one, at most
// 1 + 2 * k_chart_versions_each config reads (two requests each) per chart.
inline constexpr std::size_t k_chart_versions_each = 10;

struct OciAppVersions {
  std::vector<store::OciChartConfigRow> writes;  // configs read from registries
  std::vector<std::string> errors;               // "oci chart host/repo:tag: kind: message"
  int fetched = 0;     // configs asked of registries (manifest + blob each)
  int from_store = 0;  // configs answered by the store
};

// The chart versions whose appVersion the safe-target search needs, at most
// 1 + 2 * k_chart_versions_each: `pinned`, the stable versions nearest above
// it and the newest stable ones (Helm's version order), newest first.
std::vector<std::string> chart_versions_to_read(const std::string& pinned,
                                                const std::vector<sources::Release>& releases);

// Fills Release::latest (the appVersion, as index.yaml charts have it) of
// the OCI chart answers the advisory step will read. lookups is null
// offline (the store only). Never throws for upstream failures.
OciAppVersions fill_oci_app_versions(const config::Config& config,
                                     const std::vector<ComponentResult>& results,
                                     const std::vector<std::optional<sources::LookupKey>>& keys,
                                     std::map<sources::LookupKey, sources::LookupResult>& answers,
                                     store::Store& store, sources::Lookups* lookups);

}  // namespace versiond::scan::detail
