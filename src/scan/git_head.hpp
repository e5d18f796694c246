// The commit a repository's HEAD points at (libgit2), for the scan record.
#pragma once

#include <filesystem>
#include <string>

namespace versiond::scan {

// Hex object id of HEAD, or "" when dir is not inside a git repository or
// HEAD is unborn. Never throws.
std::string head_commit(const std::filesystem::path& dir);

}  // namespace versiond::scan
