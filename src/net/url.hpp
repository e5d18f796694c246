// Small URL helpers private to the net stage.
#pragma once

#include <string>

namespace versiond::net::detail {

struct UrlParts {
  std::string scheme;     // lower case, "" when the URL has none
  std::string authority;  // host[:port]
  std::string host;       // lower case, brackets of IPv6 literals removed
  std::string rest;       // path + query, "/" at least
};

UrlParts split_url(const std::string& url);

std::string ascii_lower(std::string s);

}  // namespace versiond::net::detail
