// versiond.yaml settings translated into the option records of the HTTP and
// lookup stages.
#pragma once

#include "versiond/config/config.hpp"
#include "versiond/net/options.hpp"
#include "versiond/sources/endpoints.hpp"
#include "versiond/sources/lookups.hpp"

namespace versiond::scan {

net::HttpOptions http_options(const config::Config& config);
sources::Endpoints endpoints(const config::Config& config);
sources::LookupOptions lookup_options(const config::Config& config);

}  // namespace versiond::scan
