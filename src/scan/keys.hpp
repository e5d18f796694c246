// Stable identities: of a component across scans, and of an upstream package.
#pragma once

#include <string>

#include "versiond/extract/component.hpp"
#include "versiond/sources/source.hpp"

namespace versiond::scan {

// file|kind|package|name: survives edits that move lines; the scan makes
// duplicates within one repository unique.
std::string component_key(const Component& c);

// What to ask upstream for a component. The inventory records a GitHub
// project's web URL ("https://github.com/owner/repo") as its registry_url,
// while the GitHub source takes the API base there (empty for github.com,
// "https://HOST/api/v3" for GitHub Enterprise): translated here. The public
// Terraform registry, endoflife.date and Docker Hub named as registry_url are
// dropped, so that the configured endpoints (mirrors, tests) apply.
sources::LookupKey lookup_key(const Component& c);

// datasource|registry_url|package.
std::string package_key(const sources::LookupKey& key);

}  // namespace versiond::scan
