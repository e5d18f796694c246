// Infers where a component is published from a link in a version table
// (GitHub releases/tags, Docker Hub, Artifact Hub, Terraform registry, endoflife.date).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "versiond/extract/kinds.hpp"

namespace versiond::extract {

struct Upstream {
  Datasource datasource = Datasource::none;
  std::string package;       // owner/repo, docker.io/library/alpine, hashicorp/azurerm, ...
  std::string registry_url;  // where to ask
};

// nullopt when the URL names no known upstream.
std::optional<Upstream> upstream_from_url(std::string_view url);

}  // namespace versiond::extract
