// End-of-life: which endoflife.date cycle a pinned version belongs to and
// what that means today.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "versiond/sources/source.hpp"

namespace versiond::policy {

struct EolInfo {
  std::string product;
  std::string cycle;  // "" when no cycle matches the version
  std::string eol;    // "YYYY-MM-DD", "ended", or "" when no end is announced
};

// The cycle whose name is the longest dotted prefix of version
// ("1.29.3" -> "1.29"); cycles are the endoflife source's releases.
EolInfo match_cycle(const std::string& product, const std::string& version,
                    const std::vector<sources::Release>& cycles);

// One line for people: "end of life since 2025-02-28", "end of life on
// 2026-12-01 (in 30 days)", "supported until 2027-06-30", "supported",
// "end of life", or "cycle of 1.2.3 not listed".
std::string eol_status(const EolInfo& info, const std::string& version,
                       std::chrono::system_clock::time_point now);

}  // namespace versiond::policy
