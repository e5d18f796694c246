// Reading repository files safely: confined to the repository root, bounded in
// size, text only. Every extractor and the drift check read through here.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace versiond {

// Files larger than this are refused (a 50 MB VERSIONS.md is not a VERSIONS.md).
inline constexpr std::size_t k_max_input_bytes = std::size_t{8} * 1024 * 1024;

class RepoRoot {
 public:
  // Throws Error(usage) when dir does not exist or is not a directory.
  explicit RepoRoot(const std::filesystem::path& dir);

  const std::filesystem::path& path() const noexcept { return root_; }

  // Resolves a repository-relative path (as written in a file) to an absolute
  // one. Returns nullopt when it is absolute or escapes the root, including
  // through symlinks ("../../etc/passwd" never resolves).
  std::optional<std::filesystem::path> resolve(const std::string& relative) const;

  // The path relative to the root, with '/' separators, for messages and output.
  std::string relative(const std::filesystem::path& absolute) const;

 private:
  std::filesystem::path root_;  // canonical
};

// Reads a whole text file. Throws Error(io) naming the file when it cannot be
// read, is larger than max_bytes, or contains a NUL byte (binary).
std::string read_text_file(const std::filesystem::path& file, const std::string& display_name,
                           std::size_t max_bytes = k_max_input_bytes);

// Writes a file atomically: a temporary file in the same folder, fsync, rename.
// Readers see the old content or the new one, never half of it.
void write_file_atomic(const std::filesystem::path& file, const std::string& content);

// A file this process creates to write into (a download): opened with
// O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600, so an existing file or a link at
// the path is never written through. Removed when destroyed unless keep() was
// called: a failed or abandoned write leaves nothing behind.
class NewFile {
 public:
  // Throws Error(io) naming the path when it cannot be created.
  explicit NewFile(std::filesystem::path path);
  ~NewFile();
  NewFile(const NewFile&) = delete;
  NewFile& operator=(const NewFile&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  // Appends; false when the write failed (the file is then unusable).
  bool write(const char* data, std::size_t size) noexcept;
  // Empties the file, to start the content over; false when that failed.
  bool truncate() noexcept;
  // Flushes and closes the file, which then stays. Throws Error(io) when the
  // content may not be on disk (and removes the file).
  void keep();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool kept_ = false;
};

}  // namespace versiond
