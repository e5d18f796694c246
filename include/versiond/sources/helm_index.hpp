// Streaming parse of a Helm repository index.yaml (libyaml event parser).
//
// Only the entries of the requested charts are materialised; everything else
// in the (often 20–40 MB) index is skipped event by event, never built as a DOM.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/core/failure.hpp"
#include "versiond/sources/source.hpp"

namespace versiond::sources {

struct HelmIndex {
  // Why the text is not a usable index, nullopt when it is: kind bad_response,
  // message "line N: …" when the YAML is malformed or not an index (the caller
  // knows the URL; detail is empty). charts is then empty.
  std::optional<Failure> failure;
  // chart name → its versions in index order; charts requested but absent are missing.
  std::map<std::string, std::vector<Release>> charts;

  bool ok() const noexcept { return !failure; }
};

// Release: version, published = `created`, prerelease = SemVer suffix, latest = appVersion.
// Deprecated chart versions are kept, with Release::deprecated set.
HelmIndex parse_helm_index(std::string_view yaml, const std::set<std::string>& charts);

}  // namespace versiond::sources
