#include "support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace versiond::test {

TempDir::TempDir() {
  std::string templ = (fs::temp_directory_path() / "versiond-test-XXXXXX").string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = fs::path(buf.data());
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

fs::path TempDir::write(const std::string& relative, const std::string& content) const {
  fs::path p = path_ / relative;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  if (!out) {
    throw std::runtime_error("cannot write " + p.string());
  }
  return p;
}

void copy_fixture_tree(const std::string& name, const fs::path& dir) {
  fs::copy(fs::path(VERSIOND_FIXTURES) / name, dir,
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + file.string());
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string read_fixture(const std::string& relative) {
  const fs::path p = fs::path(VERSIOND_FIXTURES) / relative;
  if (!fs::exists(p)) {
    throw std::runtime_error("missing fixture " + p.string());
  }
  return read_file(p);
}

}  // namespace versiond::test
