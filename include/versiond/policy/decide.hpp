// Decide: given what a component pins and what upstream offers, the best
// update under its constraint, the newest overall, and how big a jump that is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "versiond/extract/component.hpp"
#include "versiond/sources/source.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::policy {

struct Decision {
  std::string latest_in_range;   // best stable version satisfying the pin ("" = none)
  std::string latest_overall;    // newest stable version of the pin's form ("" = none)
  versioning::BumpInfo bump;     // from the resolved current version to latest_overall
  std::string newest_published;  // publish date of latest_overall, "" when unknown
  std::string notes_url;         // release notes of latest_overall
  std::string base_version;      // the version the pin resolves to (for EOL cycles)
  std::string note;              // why there is no answer, "" otherwise
};

// Exact pins ("4.78.3", "v3.8.1", "2.10-alpine") take the newest non-breaking
// version as "in range"; constraints ("~> 4.78.0", ">= 1.2, < 2") take the
// best version satisfying them. Lock files carry their constraint separately.
// Throws versiond::Error when the pin cannot be read in the component's scheme.
Decision decide(const Component& component, const std::vector<sources::Release>& releases);

}  // namespace versiond::policy
