// Per-component timelines from the store, for `versiond history`: what was
// pinned when, what upstream published, and how long the pin has been behind.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "versiond/store/records.hpp"
#include "versiond/store/store.hpp"

namespace versiond::store {

struct ComponentHistory {
  Observation latest;                // the newest row
  bool present = false;              // seen by the latest scan
  std::vector<Observation> changes;  // every distinct conclusion, oldest first
  std::vector<Release> upstream;     // releases of its package, in the order first seen
  // When the pin fell behind the newest release, for the current run of
  // "behind" rows: the publish date of the newest release at that first row
  // when known, else when versiond first saw it behind. "" = not behind.
  std::string behind_since;
  std::optional<long> days_behind;
  // Security advisories seen on the component: first and last seen, when
  // they stopped applying, and the days of exposure (to now while open).
  struct AdvisoryExposure {
    Exposure exposure;
    std::optional<long> days;
  };
  std::vector<AdvisoryExposure> advisories;
};

// Histories of every component, or of those whose name or the last segment
// of whose package ("redis" for docker.io/library/redis) equals `filter`
// case-insensitively, or whose package or key equals it.
std::vector<ComponentHistory> build_history(Store& store, const std::string& filter,
                                            std::chrono::system_clock::time_point now);

}  // namespace versiond::store
