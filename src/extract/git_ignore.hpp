// The ignore rules of the git repository around a folder (.gitignore,
// .git/info/exclude), so that build output and other generated files that a
// fresh clone would not have are left out of the inventory.
#pragma once

#include <filesystem>
#include <memory>

namespace versiond::extract {

class GitIgnore {
 public:
  // Opens the repository containing dir; without one nothing is ignored.
  explicit GitIgnore(const std::filesystem::path& dir);
  ~GitIgnore();
  GitIgnore(const GitIgnore&) = delete;
  GitIgnore& operator=(const GitIgnore&) = delete;

  bool ignored(const std::filesystem::path& absolute) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace versiond::extract
