#include "versiond/store/records.hpp"

#include <tuple>

namespace versiond::store {

namespace {

auto value_of(const Observation& o) {
  return std::tie(o.name, o.kind, o.file, o.current, o.datasource, o.package, o.package_key,
                  o.latest_in_range, o.latest_overall, o.bump, o.breaking, o.newest_published,
                  o.eol, o.notes_url, o.status, o.reason, o.decision, o.updates, o.upstream_flags,
                  o.advisory_status, o.advisories, o.safe_target);
}

}  // namespace

bool Observation::same_value(const Observation& other) const {
  return value_of(*this) == value_of(other);
}

}  // namespace versiond::store
