// The scan's advisory step: maps each component to its advisory packages,
// asks OSV (one querybatch for the whole scan, then GET /v1/vulns/{id} only for
// records not already stored with the same `modified`) and GitHub repository
// advisories, and judges every component (docs/ADVISORIES.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/net/client.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/sources/endpoints.hpp"
#include "versiond/sources/source.hpp"
#include "versiond/store/store.hpp"

namespace versiond::scan::detail {

struct AdvisoryRun {
  store::AdvisoryWrites writes;
  std::vector<std::string> errors;  // record diagnostics: "advisory ID: field: message"
  AdvisoryRequests requests;
};

// Fills each result's `advisory`. client is null offline (answers from the
// store only). Never throws for upstream failures: they are the components'
// "failed" status with the reason.
AdvisoryRun check_advisories(const config::Config& config, std::vector<ComponentResult>& results,
                             const std::vector<std::optional<sources::LookupKey>>& keys,
                             const std::map<sources::LookupKey, sources::LookupResult>& answers,
                             store::Store& store, net::HttpClient* client,
                             const sources::Credentials& credentials, int max_pages);

}  // namespace versiond::scan::detail
