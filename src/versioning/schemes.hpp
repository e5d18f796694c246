// The scheme singletons; scheme_for() in registry.cpp maps names to them.
#pragma once

#include "versiond/versioning/scheme.hpp"

namespace versiond::versioning::detail {

const Scheme& semver_scheme();
const Scheme& hashicorp_scheme();
const Scheme& helm_scheme();
const Scheme& docker_scheme();
const Scheme& loose_scheme();

}  // namespace versiond::versioning::detail
