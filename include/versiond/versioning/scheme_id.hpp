// The closed set of version schemes, by name: one to_string/parse pair.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace versiond::versioning {

enum class SchemeId { semver, hashicorp, helm, docker, loose };

// Every scheme, in the order scheme_names() lists them.
inline constexpr std::array<SchemeId, 5> all_scheme_ids{
    SchemeId::semver, SchemeId::hashicorp, SchemeId::helm, SchemeId::docker, SchemeId::loose,
};

// "semver", "hashicorp", "helm", "docker", "loose".
std::string_view to_string(SchemeId id) noexcept;
// The scheme named exactly name (case-sensitive); nullopt for any other text.
// scheme_for(std::string_view) is the throwing form (Error(usage) naming the value).
std::optional<SchemeId> parse_scheme_id(std::string_view name) noexcept;

}  // namespace versiond::versioning
