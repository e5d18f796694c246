#include "versiond/config/config.hpp"

#include <algorithm>
#include <cctype>

namespace versiond::config {

namespace {

bool equal_ignoring_case(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string_view to_string(JobKind kind) noexcept {
  switch (kind) {
    case JobKind::scan: return "scan";
    case JobKind::apply: return "apply";
  }
  return "scan";
}

std::optional<JobKind> parse_job_kind(std::string_view text) noexcept {
  for (const JobKind k : {JobKind::scan, JobKind::apply}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

int Config::ttl_seconds(const std::string& datasource) const {
  const auto it = cache_ttl.per_datasource.find(datasource);
  return it != cache_ttl.per_datasource.end() ? it->second : cache_ttl.default_seconds;
}

std::string Config::endoflife_product(const std::string& name, const std::string& package) const {
  for (const auto& join : endoflife) {
    for (const auto& n : join.names) {
      if (equal_ignoring_case(n, name)) {
        return join.product;
      }
    }
    for (const auto& p : join.packages) {
      if (!package.empty() && p == package) {
        return join.product;
      }
    }
  }
  return {};
}

}  // namespace versiond::config
