// Whether a version string carries a SemVer pre-release suffix.
#pragma once

#include <string_view>

namespace versiond::sources {

// "1.2.3-rc.1" and "v2.0.0-beta" → true; "1.2.3", "1.2.3+build", "3.18-alpine" → false
// (only MAJOR.MINOR.PATCH followed by '-' counts; image variant tags are not pre-releases).
bool has_semver_prerelease(std::string_view version);

}  // namespace versiond::sources
