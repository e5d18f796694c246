#include "versiond/daemon/slug.hpp"

#include <functional>

namespace versiond::daemon {

std::string slug(const std::string& label) {
  std::string out;
  for (const char c : label) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += keep ? c : '_';
  }
  if (out.size() > 60) out = out.substr(out.size() - 60);
  return out + "-" + std::to_string(std::hash<std::string>{}(label) % 100000);
}

}  // namespace versiond::daemon
