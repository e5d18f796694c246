// `versiond update --from-scan`: the updates the policy marked auto-pr in the
// last recorded scan, as update requests.
#pragma once

#include <string>
#include <vector>

#include "versiond/store/records.hpp"
#include "versiond/store/store.hpp"
#include "versiond/update/update.hpp"

namespace versiond::update {

// One request per observed component that has an `auto-pr` update (the
// newest such target when several are), selecting that component in its file.
// `only`: globs (fnmatch, '*' also matches '/'); when given, a component is
// kept when any matches its name (case-insensitively) or its package.
// Throws Error(input) when an observation's updates are not the JSON the
// scan records.
std::vector<UpdateRequest> auto_pr_requests(const std::vector<store::Observation>& observations,
                                            const std::vector<std::string>& only = {});

// The same for the latest scan in store. Throws Error(usage) when the store
// holds no scan.
std::vector<UpdateRequest> auto_pr_requests(store::Store& store,
                                            const std::vector<std::string>& only = {});

}  // namespace versiond::update
