// versiond.yaml settings translated into the lookup stage's options (the HTTP
// client's come from config::http_options, the endpoints are config's own).
#pragma once

#include "versiond/config/config.hpp"
#include "versiond/sources/lookups.hpp"

namespace versiond::scan {

sources::LookupOptions lookup_options(const config::Config& config);

}  // namespace versiond::scan
