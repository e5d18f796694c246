#include "versiond/advisory/cvss.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

namespace versiond::advisory {

namespace {

// Appendix A: the smallest number, to one decimal place, equal to or higher
// than its input, computed on integers so 4.000000001 does not round to 4.1.
double roundup(double value) {
  const auto scaled = static_cast<std::int64_t>(std::llround(value * 100000.0));
  if (scaled % 10000 == 0) {
    return static_cast<double>(scaled) / 100000.0;
  }
  const std::int64_t tenths = scaled / 10000 + 1;  // rounded up to the next tenth
  return static_cast<double>(tenths) / 10.0;
}

std::optional<double> weight(const std::map<std::string, std::string>& m, const std::string& key,
                             const std::map<std::string, double>& values) {
  const auto it = m.find(key);
  if (it == m.end()) {
    return std::nullopt;
  }
  const auto v = values.find(it->second);
  if (v == values.end()) {
    return std::nullopt;
  }
  return v->second;
}

}  // namespace

std::optional<double> cvss3_base_score(std::string_view vector) {
  constexpr std::string_view v30 = "CVSS:3.0/";
  constexpr std::string_view v31 = "CVSS:3.1/";
  if (!vector.starts_with(v30) && !vector.starts_with(v31)) {
    return std::nullopt;
  }
  std::string_view rest = vector.substr(v31.size());
  std::map<std::string, std::string> metrics;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    const auto colon = part.find(':');
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    metrics[std::string(part.substr(0, colon))] = std::string(part.substr(colon + 1));
    if (slash == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(slash + 1);
  }
  const auto scope = metrics.find("S");
  if (scope == metrics.end() || (scope->second != "U" && scope->second != "C")) {
    return std::nullopt;
  }
  const bool changed = scope->second == "C";
  const auto av = weight(metrics, "AV", {{"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}});
  const auto ac = weight(metrics, "AC", {{"L", 0.77}, {"H", 0.44}});
  const auto pr = weight(metrics, "PR",
                         {{"N", 0.85}, {"L", changed ? 0.68 : 0.62}, {"H", changed ? 0.5 : 0.27}});
  const auto ui = weight(metrics, "UI", {{"N", 0.85}, {"R", 0.62}});
  const std::map<std::string, double> cia{{"H", 0.56}, {"L", 0.22}, {"N", 0.0}};
  const auto c = weight(metrics, "C", cia);
  const auto i = weight(metrics, "I", cia);
  const auto a = weight(metrics, "A", cia);
  if (!av || !ac || !pr || !ui || !c || !i || !a) {
    return std::nullopt;
  }
  const double iss = 1.0 - (1.0 - *c) * (1.0 - *i) * (1.0 - *a);
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * *av * *ac * *pr * *ui;
  if (impact <= 0) {
    return 0.0;
  }
  if (changed) {
    return roundup(std::min(1.08 * (impact + exploitability), 10.0));
  }
  return roundup(std::min(impact + exploitability, 10.0));
}

Severity severity_of_score(double score) {
  if (score >= 9.0) return Severity::critical;
  if (score >= 7.0) return Severity::high;
  if (score >= 4.0) return Severity::medium;
  if (score > 0.0) return Severity::low;
  return Severity::unknown;
}

}  // namespace versiond::advisory
