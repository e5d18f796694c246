#include "versiond/core/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "versiond/core/error.hpp"
#include "versiond/core/fault_point.hpp"

namespace fs = std::filesystem;

namespace versiond {

namespace {

bool is_within(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (c == candidate.end() || *r != *c) {
      return false;
    }
  }
  return true;
}

}  // namespace

RepoRoot::RepoRoot(const fs::path& dir) {
  std::error_code ec;
  root_ = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root_, ec)) {
    throw Error(ErrorKind::usage, "repository '" + dir.string() + "' is not a readable directory");
  }
}

std::optional<fs::path> RepoRoot::resolve(const std::string& relative) const {
  if (relative.empty()) {
    return std::nullopt;
  }
  fs::path rel(relative);
  if (rel.is_absolute() || rel.has_root_name()) {
    return std::nullopt;
  }
  // Lexical check first: "a/../../x" is refused before touching the disk.
  fs::path joined = (root_ / rel).lexically_normal();
  if (!is_within(root_, joined)) {
    return std::nullopt;
  }
  // Then follow symlinks as far as the path exists, and check again.
  std::error_code ec;
  fs::path real = fs::weakly_canonical(joined, ec);
  if (ec || !is_within(root_, real)) {
    return std::nullopt;
  }
  return real;
}

std::string RepoRoot::relative(const fs::path& absolute) const {
  return absolute.lexically_relative(root_).generic_string();
}

std::string read_text_file(const fs::path& file, const std::string& display_name,
                           std::size_t max_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw Error(ErrorKind::io, display_name + ": not a regular file");
  }
  const auto size = fs::file_size(file, ec);
  if (ec) {
    throw Error(ErrorKind::io, display_name + ": cannot read: " + ec.message());
  }
  if (size > max_bytes) {
    throw Error(ErrorKind::io, display_name + ": file is " + std::to_string(size) +
                                   " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::io, display_name + ": cannot open: " + std::strerror(errno));
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    throw Error(ErrorKind::io, display_name + ": read failed");
  }
  if (content.find('\0') != std::string::npos) {
    throw Error(ErrorKind::io, display_name + ": binary file (contains a NUL byte)");
  }
  return content;
}

namespace {

// A file descriptor closed exactly once, on every path out of a function.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const noexcept { return fd_; }
  // Closes now and reports whether close() succeeded (it can report a
  // delayed write error, which must fail the write).
  bool close() noexcept {
    const int fd = std::exchange(fd_, -1);
    return fd < 0 || ::close(fd) == 0;
  }

 private:
  int fd_;
};

}  // namespace

// Removes "<file>.versiond-tmp-<pid>" files a killed run left behind, so a
// re-run leaves the folder exactly as one clean run would.
void remove_stale_temporaries(const fs::path& file) {
  const std::string prefix = file.filename().string() + ".versiond-tmp-";
  std::error_code ec;
  for (fs::directory_iterator it(file.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) == 0 && it->is_regular_file(ec)) {
      std::error_code ignored;  // best effort: a leftover that cannot go stays visible
      fs::remove(it->path(), ignored);
    }
  }
}

void write_file_atomic(const fs::path& file, const std::string& content) {
  remove_stale_temporaries(file);
  fs::path tmp = file;
  tmp += ".versiond-tmp-" + std::to_string(::getpid());
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) {
    throw Error(ErrorKind::io, file.string() + ": cannot write: " + std::strerror(errno));
  }
  const auto fail = [&](const std::string& what) {
    fd.close();
    ::unlink(tmp.c_str());
    return Error(ErrorKind::io, file.string() + ": " + what);
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd.get(), content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw fail(std::string("write failed: ") + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) {
    throw fail(std::string("cannot flush to disk: ") + std::strerror(errno));
  }
  if (!fd.close()) {
    throw fail(std::string("cannot close: ") + std::strerror(errno));
  }
  core::fault_point("files.before_rename");
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error(ErrorKind::io, file.string() + ": cannot replace: " + ec.message());
  }
  core::fault_point("files.after_rename");
}

NewFile::NewFile(fs::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw Error(ErrorKind::io, path_.string() + ": cannot create: " + std::strerror(errno));
  }
}

NewFile::~NewFile() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
  if (!kept_) {
    ::unlink(path_.c_str());
  }
}

bool NewFile::write(const char* data, std::size_t size) noexcept {
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool NewFile::truncate() noexcept {
  return ::ftruncate(fd_, 0) == 0 && ::lseek(fd_, 0, SEEK_SET) == 0;
}

void NewFile::keep() {
  const bool synced = ::fsync(fd_) == 0;
  const bool closed = ::close(std::exchange(fd_, -1)) == 0;
  if (!synced || !closed) {
    throw Error(ErrorKind::io, path_.string() + ": cannot flush to disk: " + std::strerror(errno));
  }
  kept_ = true;
}

}  // namespace versiond
