// The closed sets a policy speaks in: update types, risk tiers and actions.
#pragma once

#include <optional>
#include <string_view>

#include "versiond/versioning/scheme.hpp"

namespace versiond::policy {

// What kind of move an update is. digest = same tag, new image digest (not
// produced yet: the scan does not resolve digests of tags).
enum class UpdateType { patch, minor, major, digest };
// How risky an update is; blocked = cannot happen until another component moves.
enum class Tier { low, medium, high, blocked };
// What versiond does with it: open a PR, list it in the Upgrade Plan, hold it
// until it is old enough, or leave it out of plans and PRs (still shown by scan).
enum class Action { auto_pr, plan, wait, ignore };

std::string_view to_string(UpdateType t) noexcept;
std::string_view to_string(Tier t) noexcept;
std::string_view to_string(Action a) noexcept;  // "auto-pr", "plan", "wait", "ignore"

std::optional<UpdateType> parse_update_type(std::string_view s) noexcept;
std::optional<Tier> parse_tier(std::string_view s) noexcept;
std::optional<Action> parse_action(std::string_view s) noexcept;

// patch/minor/major from a version bump; nullopt for Bump::none.
std::optional<UpdateType> update_type_of(versioning::Bump bump) noexcept;

}  // namespace versiond::policy
