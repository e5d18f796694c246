// The release a version came from (for endoflife cycles, the cycle whose
// newest patch it is), shared by the decision and the policy engine.
#pragma once

#include <string>
#include <vector>

#include "versiond/sources/source.hpp"

namespace versiond::policy {

const sources::Release* find_release(const std::vector<sources::Release>& releases,
                                     const std::string& version, bool cycles);

}  // namespace versiond::policy
