// Small string helpers private to the net stage.
#pragma once

#include <string>

namespace versiond::net::detail {

std::string ascii_lower(std::string s);

}  // namespace versiond::net::detail
