// A policy as a value: defaults, rules applied top to bottom, and
// compatibility couplings between components. docs/POLICY.md describes the
// file format; load.hpp reads and validates it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "versiond/extract/kinds.hpp"
#include "versiond/policy/types.hpp"

namespace versiond::policy {

// Conditions of a rule; every given key must hold, a list holds when any item does.
struct Match {
  std::vector<UpdateType> update;
  std::vector<Datasource> datasource;
  std::vector<std::string> package;    // globs on the package identifier
  std::vector<std::string> component;  // globs on the display name (case-insensitive)
  std::vector<std::string> file;       // path globs on the pin's file ("**" = any depth)
  std::string current;                 // range in the component's scheme, "" = any
  std::optional<bool> eol;             // the current cycle is past end of life
  std::optional<bool> deprecated;
  std::optional<bool> breaking;  // major, or a minor under major 0 (extension)
  // The update's target removes at least one advisory affecting the current
  // version (docs/ADVISORIES.md).
  std::optional<bool> security;
  // Severities ("critical", "high", "medium", "low", "unknown") of the advisories
  // affecting the current version: holds when any of them is listed.
  std::vector<std::string> severity;

  // True when the rule's outcome cannot depend on which candidate is chosen.
  bool candidate_independent() const { return update.empty() && !breaking && !security; }
};

struct Rule {
  std::string name;
  int line = 0;
  Match match;
  std::optional<Tier> tier;
  std::optional<Action> action;
  std::optional<std::string> allowed_versions;  // range: candidates outside are not offered
  std::optional<std::chrono::seconds> min_release_age;
  std::string min_release_age_text;  // as written ("14d"), for explanations
  // The soak of a security update (which skips min_release_age otherwise).
  std::optional<std::chrono::seconds> security_min_release_age;
  std::string security_min_release_age_text;
  std::optional<std::string> group;
  std::optional<RangeStrategy> range_strategy;  // how `update --from-scan` moves a range
  std::optional<std::vector<std::string>> labels;
  std::optional<std::string> reason;
  // "rule 'x' sets tier low, action auto-pr: reason", filled by parse_policy
  // (computed per decision when empty, as for rules built in code).
  std::string sentence;
};

// One side of a coupling: which component (globs on name or package) at which versions.
struct ComponentRef {
  std::vector<std::string> component;
  std::vector<std::string> package;
  std::string version;  // range in that component's scheme
};

// "if a component moves to versions in `when`, another must already be at
// versions in `needs`".
struct Coupling {
  std::string name;
  int line = 0;
  ComponentRef when;   // `if:` in the file: the target version of the updated component
  ComponentRef needs;  // `requires:`: the current version of another component
  std::string source;  // where the requirement is published
};

struct Policy {
  std::string source;  // file it came from ("<embedded default>" for the built-in one)
  Tier default_tier = Tier::medium;
  Action default_action = Action::plan;
  std::vector<Rule> rules;
  std::vector<Coupling> couplings;
};

}  // namespace versiond::policy
