// The policy engine: from one component's releases to its updates (the newest
// non-major and the newest major candidate), each with a tier, an action and
// the reasons for them. Pure: no I/O, no clock ("now" is a parameter).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "versiond/extract/kinds.hpp"
#include "versiond/policy/policy.hpp"
#include "versiond/sources/source.hpp"
#include "versiond/versioning/scheme_id.hpp"

namespace versiond::policy {

// A component as the policy sees it.
struct Subject {
  std::string name;
  std::string package;
  Datasource datasource = Datasource::none;
  std::string file;
  versioning::SchemeId scheme = versioning::SchemeId::loose;
  std::string current;  // the version the pin resolves to
  bool eol = false;     // the current cycle is past end of life
  bool deprecated = false;
  const std::vector<sources::Release>* releases = nullptr;
  // Security advisories affecting the current version: id and severity
  // ("critical", …); empty when none or not known.
  std::vector<std::pair<std::string, std::string>> advisories{};
  // The lowest safe upgrade (in the pin's terms), when the current version is affected.
  std::optional<std::string> safe_target{};
  // Ids of the current advisories a target (in the pin's terms) no longer has;
  // null: no advisory data, no update is a security update.
  std::function<std::vector<std::string>(const std::string& target)> fixed_by{};
};

// The current version of every component of the repository, for couplings.
struct EstateEntry {
  std::string name;
  std::string package;
  versioning::SchemeId scheme = versioning::SchemeId::loose;
  std::string version;
};
using Estate = std::vector<EstateEntry>;

struct BlockedBy {
  std::string coupling;
  std::string component;  // what must move first
  std::string current;    // its version now
  std::string needs;      // the range it must reach
};

struct Update {
  std::string target;
  UpdateType update = UpdateType::patch;
  bool breaking = false;
  Tier tier = Tier::medium;
  Action action = Action::plan;
  std::string group;
  std::optional<RangeStrategy> range_strategy;  // set by a rule; unset: update's own default
  std::vector<std::string> labels;
  std::vector<std::string> rules;       // names of the rules that matched, in order
  std::vector<std::string> reasons;     // one sentence per step
  std::string published;                // release date of target, "" when unknown
  std::optional<std::string> ready_on;  // YYYY-MM-DD when a wait ends
  std::optional<BlockedBy> blocked_by;
  // A security update: its target removes these advisories of the current
  // version (ids). plan/apply list it first, under "Security", and end its PR
  // title with "[security]".
  bool security = false;
  std::vector<std::string> fixes;
  bool safe_target = false;  // the update to Subject::safe_target
};

// One version upstream listed and what became of it (explain only).
struct CandidateNote {
  std::string version;
  std::string verdict;  // "candidate", or why it was filtered out
};

struct Outcome {
  std::vector<Update> updates;  // non-major first, then major
  std::string note;             // why there is no update when that is not obvious
  // Filled when explaining: every release and every step, in order.
  std::vector<CandidateNote> candidates;
  std::vector<std::string> steps;
};

// For each coupling, the estate entries its `requires` names. Built once per
// scan, it keeps deciding linear in the number of components.
struct CouplingIndex {
  std::vector<std::vector<std::size_t>> needs;  // parallel to Policy::couplings
};
CouplingIndex index_couplings(const Policy& policy, const Estate& estate);

struct DecideOptions {
  bool explain = false;
  const CouplingIndex* couplings = nullptr;  // nullptr: match the estate per decision
};

// How a matching rule reads in an update's reasons: "rule 'x' sets tier low, action
// auto-pr: <its reason>".
std::string rule_sentence(const Rule& rule);

Outcome decide_updates(const Policy& policy, const Subject& subject, const Estate& estate,
                       std::chrono::system_clock::time_point now, DecideOptions options = {});

}  // namespace versiond::policy
