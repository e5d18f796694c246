// The HTTP client's options as versiond.yaml sets them (one translation for
// every command that talks to an upstream).
#pragma once

#include "versiond/config/config.hpp"
#include "versiond/net/options.hpp"

namespace versiond::config {

net::HttpOptions http_options(const Config& config);

}  // namespace versiond::config
