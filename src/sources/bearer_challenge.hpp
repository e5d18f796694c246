// Reading a registry's `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` challenge.
#pragma once

#include <map>
#include <string>

namespace versiond::sources::detail {

// Parameter name (lower case) → value of a Bearer challenge; empty when the
// header holds no Bearer challenge. Quoted values may contain commas ("pull,push").
std::map<std::string, std::string> parse_bearer_challenge(const std::string& header);

}  // namespace versiond::sources::detail
