// Shared set-up of the sources suite: a client allowed to reach the fake upstream
// over plain http, and Endpoints that point every upstream at it.
#pragma once

#include <algorithm>
#include <string>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "versiond/net/client.hpp"
#include "versiond/sources/lookups.hpp"

namespace versiond::test {

inline net::HttpOptions fake_options() { return loopback_options(); }

inline sources::Endpoints fake_endpoints(const FakeUpstream& up) {
  sources::Endpoints e;
  e.github_api = up.base();
  e.terraform_registry = up.base();
  e.endoflife = up.base();
  e.docker_hub = up.base();
  e.docker_hub_api = up.base();
  return e;
}

inline std::size_t count_prereleases(const sources::LookupResult& r) {
  return static_cast<std::size_t>(std::count_if(r.releases.begin(), r.releases.end(),
                                                [](const auto& rel) { return rel.prerelease; }));
}

}  // namespace versiond::test
