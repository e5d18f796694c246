// Scheme lookup by name, Bump names, and what every scheme shares.
#include <array>
#include <string>

#include "versiond/core/error.hpp"
#include "versiond/versioning/scheme.hpp"
#include "versioning/schemes.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning {
namespace {

using Factory = const Scheme& (*)();

constexpr std::array<Factory, 5> factories{
    &detail::semver_scheme, &detail::hashicorp_scheme, &detail::helm_scheme,
    &detail::docker_scheme, &detail::loose_scheme,
};

}  // namespace

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
  names.reserve(factories.size());
  for (const auto factory : factories) {
    names.emplace_back(factory().name());
  }
  return names;
}

const Scheme& scheme_for(std::string_view name) {
  for (const auto factory : factories) {
    if (factory().name() == name) {
      return factory();
    }
  }
  std::string known;
  for (const auto& n : scheme_names()) {
    known += (known.empty() ? "" : ", ") + n;
  }
  throw Error(ErrorKind::usage,
              "unknown version scheme '" + detail::shown(name) + "' (known: " + known + ")");
}

}  // namespace versiond::versioning
