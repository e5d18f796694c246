#include "versiond/policy/types.hpp"

#include <array>
#include <utility>

namespace versiond::policy {

namespace {

constexpr std::array<std::pair<UpdateType, std::string_view>, 4> k_updates{
    {{UpdateType::patch, "patch"},
     {UpdateType::minor, "minor"},
     {UpdateType::major, "major"},
     {UpdateType::digest, "digest"}}};
constexpr std::array<std::pair<Tier, std::string_view>, 4> k_tiers{{{Tier::low, "low"},
                                                                    {Tier::medium, "medium"},
                                                                    {Tier::high, "high"},
                                                                    {Tier::blocked, "blocked"}}};
constexpr std::array<std::pair<Action, std::string_view>, 4> k_actions{
    {{Action::auto_pr, "auto-pr"},
     {Action::plan, "plan"},
     {Action::wait, "wait"},
     {Action::ignore, "ignore"}}};
constexpr std::array<std::pair<RangeStrategy, std::string_view>, 4> k_strategies{
    {{RangeStrategy::replace, "replace"},
     {RangeStrategy::bump, "bump"},
     {RangeStrategy::widen, "widen"},
     {RangeStrategy::pin, "pin"}}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) {
      return name;
    }
  }
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(UpdateType t) noexcept { return name_of(k_updates, t); }
std::string_view to_string(Tier t) noexcept { return name_of(k_tiers, t); }
std::string_view to_string(Action a) noexcept { return name_of(k_actions, a); }
std::string_view to_string(RangeStrategy s) noexcept { return name_of(k_strategies, s); }

std::optional<UpdateType> parse_update_type(std::string_view s) noexcept {
  return value_of(k_updates, s);
}
std::optional<Tier> parse_tier(std::string_view s) noexcept { return value_of(k_tiers, s); }
std::optional<Action> parse_action(std::string_view s) noexcept { return value_of(k_actions, s); }
std::optional<RangeStrategy> parse_range_strategy(std::string_view s) noexcept {
  return value_of(k_strategies, s);
}

std::optional<UpdateType> update_type_of(versioning::Bump bump) noexcept {
  switch (bump) {
    case versioning::Bump::patch: return UpdateType::patch;
    case versioning::Bump::minor: return UpdateType::minor;
    case versioning::Bump::major: return UpdateType::major;
    case versioning::Bump::none: break;
  }
  return std::nullopt;
}

}  // namespace versiond::policy
