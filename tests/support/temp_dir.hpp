// A fresh temporary directory per test, removed with everything in it.
#pragma once

#include <filesystem>
#include <string>

namespace versiond::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  // Writes content to a path relative to the directory, creating parents.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Copies a fixture tree from tests/fixtures/<name> into dir.
void copy_fixture_tree(const std::string& name, const std::filesystem::path& dir);

// Reads a file whole (bytes as they are); throws std::runtime_error when it cannot.
std::string read_file(const std::filesystem::path& file);

// Reads tests/fixtures/<relative> whole.
std::string read_fixture(const std::string& relative);

}  // namespace versiond::test
