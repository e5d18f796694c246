#include <cstdlib>
#include <fstream>

#include "versiond/core/error.hpp"
#include "versiond/net/redact.hpp"
#include "versiond/sources/endpoints.hpp"

namespace versiond::sources {

Secret::Secret(std::string value) : value_(std::move(value)) { net::register_secret(value_); }

namespace {

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

Credentials Credentials::load(const std::string& env_name, const std::string& file_path) {
  Credentials c;
  if (!env_name.empty()) {
    if (const char* v = std::getenv(env_name.c_str()); v && *v) {
      c.github_token = Secret(trimmed(v));
      return c;
    }
  }
  if (!file_path.empty()) {
    std::ifstream in(file_path);
    if (!in) throw Error(ErrorKind::config, file_path + ": cannot read the GitHub token file");
    std::string line;
    std::getline(in, line);
    c.github_token = Secret(trimmed(line));
  }
  return c;
}

}  // namespace versiond::sources
