#include "versiond/policy/decide.hpp"

#include <algorithm>
#include <regex>

#include "policy/find_release.hpp"

namespace versiond::policy {

namespace {

// The first version-looking token of a constraint ("~> 4.78.0" -> "4.78.0").
std::string version_in(const std::string& constraint) {
  static const std::regex token(R"(v?[0-9]+(\.[0-9]+)*([-+][0-9A-Za-z.\-]+)?)");
  std::smatch m;
  return std::regex_search(constraint, m, token) ? m.str(0) : std::string();
}

}  // namespace

namespace {

std::size_t parts(const std::string& version) {
  return static_cast<std::size_t>(std::count(version.begin(), version.end(), '.')) + 1;
}

}  // namespace

CycleForm cycle_form(Datasource datasource, const std::vector<sources::Release>& releases,
                     const std::string& current) {
  if (datasource != Datasource::endoflife) {
    return CycleForm::none;
  }
  for (const auto& r : releases) {
    if (!r.latest.empty() && (r.version == current || (parts(r.version) == parts(current) &&
                                                       parts(r.latest) > parts(current)))) {
      return CycleForm::name;
    }
  }
  return CycleForm::latest;
}

const std::string& compared_version(const sources::Release& release, CycleForm form) {
  return form == CycleForm::latest && !release.latest.empty() ? release.latest : release.version;
}

const sources::Release* find_release(const std::vector<sources::Release>& releases,
                                     const std::string& version, CycleForm form) {
  for (const auto& r : releases) {
    if (compared_version(r, form) == version) {
      return &r;
    }
  }
  return nullptr;
}

Decision decide(const Component& component, const std::vector<sources::Release>& releases) {
  const auto& scheme = versioning::scheme_for(component.scheme);
  // endoflife.date lists cycles ("1.31") with their newest patch ("1.31.4"):
  // the patch releases are what a pin like "1.29.3" compares with, the cycle
  // names what a pin like "1.31" (a cycle itself) compares with.
  const CycleForm form = cycle_form(component.datasource, releases, component.current);
  std::vector<std::string> stable;
  for (const auto& r : releases) {
    if (!r.prerelease) {
      stable.push_back(compared_version(r, form));
    }
  }
  Decision d;
  const std::string& current = component.current;
  const bool exact = scheme.valid(current);
  std::optional<std::string> in_range;
  std::optional<std::string> overall;
  if (!component.constraint.empty()) {
    // A lock file: current is the locked version, the range is its constraint.
    in_range = scheme.latest(stable, component.constraint,
                             exact ? std::optional<std::string_view>(current) : std::nullopt);
    overall = scheme.latest(stable, std::nullopt,
                            exact ? std::optional<std::string_view>(current) : std::nullopt);
    d.base_version = exact ? current : version_in(current);
  } else if (exact) {
    std::vector<std::string> compatible;
    for (const auto& v : stable) {
      if (scheme.valid(v) && scheme.compare(v, current) >= 0 && !scheme.bump(current, v).breaking) {
        compatible.push_back(v);
      }
    }
    in_range = scheme.latest(compatible, std::nullopt, current);
    overall = scheme.latest(stable, std::nullopt, current);
    d.base_version = current;
  } else {
    in_range = scheme.latest(stable, current, std::nullopt);
    overall = scheme.latest(stable, std::nullopt, std::nullopt);
    d.base_version = in_range ? *in_range : version_in(current);
  }
  d.latest_in_range = in_range.value_or("");
  d.latest_overall = overall.value_or("");
  if (d.latest_overall.empty()) {
    d.note = stable.empty() ? "upstream lists no stable version"
                            : "no upstream version has the form of '" + current + "'";
    return d;
  }
  if (!d.base_version.empty() && scheme.valid(d.base_version) &&
      scheme.compare(d.latest_overall, d.base_version) > 0) {
    d.bump = scheme.bump(d.base_version, d.latest_overall);
  }
  if (const auto* r = find_release(releases, d.latest_overall, form)) {
    d.newest_published = r->published;
    d.notes_url = r->notes_url;
  }
  return d;
}

}  // namespace versiond::policy
