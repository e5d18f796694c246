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
// How `versiond update` moves a pinned range constraint to admit a target
// (the rule field `range_strategy`; docs/UPDATING.md has the table).
enum class RangeStrategy {
  replace,  // leave a range that admits the target; else shift it, keeping its shape (default)
  bump,     // raise the range's lower bound to the target even when it admits it
  widen,    // keep the lower bound and extend the range to admit the target
  pin,      // write the exact target version
};

std::string_view to_string(UpdateType t) noexcept;
std::string_view to_string(Tier t) noexcept;
std::string_view to_string(Action a) noexcept;  // "auto-pr", "plan", "wait", "ignore"
std::string_view to_string(RangeStrategy s) noexcept;

std::optional<UpdateType> parse_update_type(std::string_view s) noexcept;
std::optional<Tier> parse_tier(std::string_view s) noexcept;
std::optional<Action> parse_action(std::string_view s) noexcept;
std::optional<RangeStrategy> parse_range_strategy(std::string_view s) noexcept;

// patch/minor/major from a version bump; nullopt for Bump::none.
std::optional<UpdateType> update_type_of(versioning::Bump bump) noexcept;

}  // namespace versiond::policy
