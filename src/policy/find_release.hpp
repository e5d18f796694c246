// The release a version came from (for endoflife cycles, the cycle whose
// newest patch it is, or the cycle itself when the pin names cycles), shared
// by the decision and the policy engine.
#pragma once

#include <string>
#include <vector>

#include "versiond/extract/kinds.hpp"
#include "versiond/sources/source.hpp"

namespace versiond::policy {

// Which text of a release a pin compares with.
enum class CycleForm {
  none,    // not endoflife: the release's version
  latest,  // an endoflife cycle's newest patch ("1.31.4"), for a pin like "1.29.3"
  name,    // the cycle's name ("1.31"), for a pin that names a cycle (AKS "1.31")
};

// An endoflife pin names a cycle when it is a cycle's name, or has as many
// dotted parts as a cycle's name while that cycle's newest patch has more.
CycleForm cycle_form(Datasource datasource, const std::vector<sources::Release>& releases,
                     const std::string& current);

// The version of a release a pin of that form compares with.
const std::string& compared_version(const sources::Release& release, CycleForm form);

const sources::Release* find_release(const std::vector<sources::Release>& releases,
                                     const std::string& version, CycleForm form);

}  // namespace versiond::policy
