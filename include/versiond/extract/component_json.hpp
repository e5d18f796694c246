// The JSON shape of a component, as `versiond inventory --format json` prints it.
#pragma once

#include <nlohmann/json.hpp>

#include "versiond/extract/component.hpp"

namespace versiond {

// name, current, kind, datasource, package, registry_url, scheme,
// origin{file,line}; locations for version-table rows; skip_reason, digest,
// constraint and hashes when set.
nlohmann::json to_json(const Component& c);

}  // namespace versiond
