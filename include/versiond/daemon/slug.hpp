// A file-name-safe, readable and unique name for a repository label (the
// folders of its clone and store under the state directory).
#pragma once

#include <string>

namespace versiond::daemon {

std::string slug(const std::string& label);

}  // namespace versiond::daemon
