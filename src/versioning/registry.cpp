// Scheme lookup by id and by name, SchemeId and Bump names, and what every
// scheme shares.
#include <optional>
#include <string>

#include "versiond/core/error.hpp"
#include "versiond/versioning/scheme.hpp"
#include "versioning/schemes.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning {

std::string_view to_string(SchemeId id) noexcept {
  switch (id) {
    case SchemeId::semver: return "semver";
    case SchemeId::hashicorp: return "hashicorp";
    case SchemeId::helm: return "helm";
    case SchemeId::docker: return "docker";
    case SchemeId::loose: return "loose";
  }
  return "loose";
}

std::optional<SchemeId> parse_scheme_id(std::string_view name) noexcept {
  for (const auto id : all_scheme_ids) {
    if (to_string(id) == name) {
      return id;
    }
  }
  return std::nullopt;
}

std::string_view to_string(Bump bump) {
  switch (bump) {
    case Bump::none: return "none";
    case Bump::patch: return "patch";
    case Bump::minor: return "minor";
    case Bump::major: return "major";
  }
  return "none";
}

bool Scheme::valid_constraint(std::string_view c) const {
  try {
    (void)satisfies("0.0.0", c);  // 0.0.0 is a version in every scheme
    return true;
  } catch (const Error&) {
    return false;
  }
}

std::vector<std::string> scheme_names() {
  std::vector<std::string> names;
  names.reserve(all_scheme_ids.size());
  for (const auto id : all_scheme_ids) {
    names.emplace_back(to_string(id));
  }
  return names;
}

const Scheme& scheme_for(SchemeId id) noexcept {
  switch (id) {
    case SchemeId::semver: return detail::semver_scheme();
    case SchemeId::hashicorp: return detail::hashicorp_scheme();
    case SchemeId::helm: return detail::helm_scheme();
    case SchemeId::docker: return detail::docker_scheme();
    case SchemeId::loose: return detail::loose_scheme();
  }
  return detail::loose_scheme();
}

const Scheme& scheme_for(std::string_view name) {
  if (const auto id = parse_scheme_id(name)) {
    return scheme_for(*id);
  }
  std::string known;
  for (const auto& n : scheme_names()) {
    known += (known.empty() ? "" : ", ") + n;
  }
  throw Error(ErrorKind::usage,
              "unknown version scheme '" + detail::shown(name) + "' (known: " + known + ")");
}

}  // namespace versiond::versioning
