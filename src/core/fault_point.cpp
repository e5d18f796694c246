#include "versiond/core/fault_point.hpp"

#ifdef VERSIOND_FAULT_POINTS
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

namespace versiond::core {

// The variable is read on every call (these points sit on write paths, never
// in hot loops), so a forked test child can arm a point its parent passed.
void fault_point(std::string_view name) {
  static std::atomic<long> hits{0};  // hits of the armed point so far
  const char* spec = std::getenv("VERSIOND_FAULT_POINT");
  if (spec == nullptr) return;
  std::string_view armed(spec);
  long on_hit = 1;
  if (const auto at = armed.rfind('@'); at != std::string_view::npos) {
    on_hit = std::strtol(std::string(armed.substr(at + 1)).c_str(), nullptr, 10);
    armed = armed.substr(0, at);
  }
  if (armed != name) return;
  if (hits.fetch_add(1) + 1 == on_hit) std::raise(SIGKILL);
}

}  // namespace versiond::core
#endif
