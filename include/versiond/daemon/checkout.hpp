// The work tree a job reads: a configured local path as it is, or a git URL
// cloned with libgit2 into the state directory (<state>/clones/<slug>) and,
// before each job, fetched and reset to the configured branch.
#pragma once

#include <filesystem>
#include <string>

#include "versiond/config/config.hpp"

namespace versiond::daemon {

// Throws Error(io) naming the URL when it cannot be cloned or fetched.
std::filesystem::path prepare_checkout(const config::Repository& repository,
                                       const std::filesystem::path& state_dir);

}  // namespace versiond::daemon
