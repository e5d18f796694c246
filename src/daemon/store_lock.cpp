#include "versiond/daemon/store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "versiond/core/error.hpp"

namespace versiond::daemon {

StoreLock::StoreLock(const std::filesystem::path& db) {
  const std::filesystem::path file = db.string() + ".lock";
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) {
    throw Error(ErrorKind::io,
                file.string() + ": cannot open the lock file: " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) {
      throw Error(ErrorKind::usage, "another versiond serve is using " + db.string() + " (lock " +
                                        file.string() + " is held); one instance per store");
    }
    throw Error(ErrorKind::io, file.string() + ": cannot lock: " + std::strerror(err));
  }
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // closing drops the lock
}

}  // namespace versiond::daemon
