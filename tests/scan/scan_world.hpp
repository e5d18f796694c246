// A repository of five components and a fake upstream that serves each of
// them from real recorded responses (tests/fixtures/upstream), with ETags so
// that a second scan is answered by 304s.
#pragma once

#include <filesystem>
#include <string>

#include "support/fake_upstream.hpp"
#include "support/temp_dir.hpp"
#include "versiond/scan/scan.hpp"

namespace versiond::test {

struct ScanWorld {
  ScanWorld();

  FakeUpstream up;
  TempDir repo;

  // versiond.yaml text pointing every endpoint at the fake; `extra` is appended.
  std::string config_yaml(const std::string& extra = {}) const;
  // Writes versiond.yaml into the repository and returns its path.
  std::filesystem::path write_config(const std::string& extra = {}) const;
  // The default store of the repository.
  std::filesystem::path db() const;
};

// Scans the repository at `repo` with its own versiond.yaml and default
// store, at midnight UTC of 2026-12-<day> (a ManualClock).
scan::ScanReport scan_on_day(const std::filesystem::path& repo, unsigned day, bool offline);

// Upstream paths the world serves with an ETag (each answers 304 on revalidation).
inline constexpr int k_etag_routes = 5;

}  // namespace versiond::test
