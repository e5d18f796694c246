// One `versiond serve` per store: an exclusive flock(2) on "<db>.lock", held
// for the life of the process (the kernel drops it when the process dies, so
// a crash never leaves a stale lock).
#pragma once

#include <filesystem>

namespace versiond::daemon {

class StoreLock {
 public:
  // Throws Error(usage) "another versiond serve is using <db> (lock <file> is
  // held)" when another process holds it; Error(io) when it cannot be opened.
  explicit StoreLock(const std::filesystem::path& db);
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace versiond::daemon
