#include "scan/keys.hpp"

#include <algorithm>

namespace versiond::scan {

std::string component_key(const Component& c) {
  return c.origin.file + "|" + c.kind + "|" + c.package + "|" + c.name;
}

namespace {

struct UrlParts {
  std::string scheme;  // "https://" or ""
  std::string host;
  std::string path;  // from the first '/' after the host, "" when none
};

UrlParts split_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  const auto host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const auto host_end = std::min(url.find('/', host_start), url.size());
  return {url.substr(0, host_start), url.substr(host_start, host_end - host_start),
          url.substr(host_end)};
}

bool is_public_default(const std::string& datasource, const UrlParts& url) {
  if (url.path.find_first_not_of('/') != std::string::npos) {
    return false;  // a path names something more specific than the public root
  }
  if (datasource == "terraform-provider" || datasource == "terraform-module") {
    return url.host == "registry.terraform.io";
  }
  if (datasource == "endoflife") {
    return url.host == "endoflife.date";
  }
  if (datasource == "docker") {
    return url.host == "registry-1.docker.io" || url.host == "docker.io" ||
           url.host == "index.docker.io";
  }
  return false;
}

}  // namespace

sources::LookupKey lookup_key(const Component& c) {
  sources::LookupKey key{c.datasource, c.package, c.registry_url};
  if (c.registry_url.empty()) {
    return key;
  }
  const UrlParts url = split_url(c.registry_url);
  if (c.datasource.rfind("github-", 0) == 0 && url.path.rfind("/api/", 0) != 0) {
    key.registry_url = url.host == "github.com" || url.host == "www.github.com"
                           ? std::string()
                           : url.scheme + url.host + "/api/v3";
  } else if (is_public_default(c.datasource, url)) {
    key.registry_url.clear();
  }
  return key;
}

std::string package_key(const sources::LookupKey& key) {
  return key.datasource + "|" + key.registry_url + "|" + key.package;
}

}  // namespace versiond::scan
