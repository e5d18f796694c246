#include "scan/keys.hpp"

#include <algorithm>

#include "versiond/net/url.hpp"

namespace versiond::scan {

std::string component_key(const Component& c) {
  return c.origin.file + "|" + std::string(to_string(c.kind)) + "|" + c.package + "|" + c.name;
}

namespace {

bool is_public_default(Datasource datasource, const net::Url& url) {
  if (url.path().find_first_not_of('/') != std::string::npos) {
    return false;  // a path names something more specific than the public root
  }
  if (datasource == Datasource::terraform_provider || datasource == Datasource::terraform_module) {
    return url.host() == "registry.terraform.io";
  }
  if (datasource == Datasource::endoflife) {
    return url.host() == "endoflife.date";
  }
  if (datasource == Datasource::docker) {
    return url.host() == "registry-1.docker.io" || url.host() == "docker.io" ||
           url.host() == "index.docker.io";
  }
  return false;
}

}  // namespace

sources::LookupKey lookup_key(const Component& c) {
  sources::LookupKey key{c.datasource, c.package, c.registry_url};
  if (c.registry_url.empty()) {
    return key;
  }
  const auto url = net::Url::parse(c.registry_url);
  if (!url) {
    return key;
  }
  const bool github =
      c.datasource == Datasource::github_releases || c.datasource == Datasource::github_tags;
  if (github && url->path().rfind("/api/", 0) != 0) {
    key.registry_url = url->host() == "github.com" || url->host() == "www.github.com"
                           ? std::string()
                           : url->origin() + "/api/v3";
  } else if (is_public_default(c.datasource, *url)) {
    key.registry_url.clear();
  }
  return key;
}

std::string package_key(const sources::LookupKey& key) {
  return std::string(to_string(key.datasource)) + "|" + key.registry_url + "|" + key.package;
}

}  // namespace versiond::scan
