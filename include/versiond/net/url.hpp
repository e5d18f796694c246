// URL helpers shared by the net and sources stages.
#pragma once

#include <string>

namespace versiond::net {

// Resolves a possibly relative reference ("/path", "?q", "x", absolute) against base_url.
std::string resolve_url(const std::string& base_url, const std::string& reference);

// "https://API.example.com:8443/x" → "api.example.com" (lower case, no port, no brackets).
std::string url_host(const std::string& url);

// "https://API.example.com:8443/x" → "https://api.example.com:8443" (scheme and authority,
// lower case), for "same origin?" checks before sending credentials.
std::string url_origin(const std::string& url);

}  // namespace versiond::net
