#include "versiond/policy/eol.hpp"

#include "versiond/store/dates.hpp"

namespace versiond::policy {

namespace {

constexpr long k_soon_days = 90;

std::string without_v(const std::string& version) {
  return !version.empty() && (version[0] == 'v' || version[0] == 'V') ? version.substr(1) : version;
}

// True when cycle "1.29" is a whole-segment prefix of version "1.29.3".
bool is_cycle_of(const std::string& cycle, const std::string& version) {
  if (cycle.empty() || version.compare(0, cycle.size(), cycle) != 0) {
    return false;
  }
  return version.size() == cycle.size() || version[cycle.size()] == '.' ||
         version[cycle.size()] == '-' || version[cycle.size()] == '+';
}

}  // namespace

EolInfo match_cycle(const std::string& product, const std::string& version,
                    const std::vector<sources::Release>& cycles) {
  EolInfo info;
  info.product = product;
  const std::string v = without_v(version);
  for (const auto& c : cycles) {
    const std::string name = without_v(c.version);
    if (is_cycle_of(name, v) && name.size() > info.cycle.size()) {
      info.cycle = name;
      info.eol = c.eol;
    }
  }
  return info;
}

std::string eol_status(const EolInfo& info, const std::string& version,
                       std::chrono::system_clock::time_point now) {
  if (info.cycle.empty()) {
    return "cycle of " + version + " not listed";
  }
  if (info.eol.empty()) {
    return "supported";
  }
  if (info.eol == "ended") {
    return "end of life";
  }
  const auto days = store::days_since(info.eol, now);
  if (!days) {
    return "end of life " + info.eol;
  }
  if (*days >= 0) {
    return "end of life since " + info.eol;
  }
  if (-*days <= k_soon_days) {
    return "end of life on " + info.eol + " (in " + std::to_string(-*days) + " days)";
  }
  return "supported until " + info.eol;
}

}  // namespace versiond::policy
