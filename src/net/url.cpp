#include "versiond/net/url.hpp"

#include <cctype>

#include "net/url.hpp"

namespace versiond::net {
namespace detail {

std::string ascii_lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

UrlParts split_url(const std::string& url) {
  UrlParts p;
  std::size_t sep = url.find("://");
  std::size_t auth_start = 0;
  if (sep != std::string::npos) {
    p.scheme = ascii_lower(url.substr(0, sep));
    auth_start = sep + 3;
  }
  std::size_t path_start = url.find_first_of("/?#", auth_start);
  if (path_start == std::string::npos) path_start = url.size();
  p.authority = url.substr(auth_start, path_start - auth_start);
  p.rest = path_start < url.size() ? url.substr(path_start) : "/";
  if (!p.rest.empty() && p.rest.front() != '/') p.rest.insert(p.rest.begin(), '/');
  std::string host = p.authority;
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  p.host = ascii_lower(host);
  return p;
}

}  // namespace detail

std::string resolve_url(const std::string& base_url, const std::string& reference) {
  if (reference.find("://") != std::string::npos) return reference;
  auto base = detail::split_url(base_url);
  std::string origin = base.scheme + "://" + base.authority;
  if (reference.rfind("//", 0) == 0) return base.scheme + ":" + reference;
  if (!reference.empty() && reference.front() == '/') return origin + reference;
  std::string path = base.rest.substr(0, base.rest.find_first_of("?#"));
  if (!reference.empty() && reference.front() == '?') return origin + path + reference;
  return origin + path.substr(0, path.rfind('/') + 1) + reference;
}

std::string url_host(const std::string& url) { return detail::split_url(url).host; }

std::string url_origin(const std::string& url) {
  auto p = detail::split_url(url);
  return p.scheme + "://" + detail::ascii_lower(p.authority);
}

}  // namespace versiond::net
