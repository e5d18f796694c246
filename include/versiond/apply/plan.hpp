// The weekly Upgrade Plan: the last recorded scan's decisions, grouped by tier
// then group, with what must move first, what is waiting, a readiness
// checklist, rollback notes and the next maintenance window. Rendered as
// Markdown (the plan issue's body, capped for GitHub) or JSON. Pure: the week
// and every age come from the `now` it is given.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/policy/engine.hpp"
#include "versiond/store/records.hpp"

namespace versiond::apply {

struct PlanItem {
  std::string name;
  std::string package;
  std::string datasource;
  std::string file;
  std::string current;
  std::string target;
  policy::UpdateType type = policy::UpdateType::patch;
  policy::Tier tier = policy::Tier::medium;
  policy::Action action = policy::Action::plan;
  bool breaking = false;
  std::string group;  // "" = its own
  std::vector<std::string> rules;
  std::vector<std::string> reasons;
  std::string published;        // release date of the target, "" when unknown
  std::optional<int> age_days;  // days since published, counted to the week's Monday
  std::string eol;              // end of life of the current cycle, "" when none known
  std::string upstream_flags;   // "deprecated", "archived", "stale since …"
  std::string notes_url;        // release notes of the target, "" when none known
  std::optional<std::string> ready_on;
  std::optional<policy::BlockedBy> blocked_by;
  std::optional<policy::RangeStrategy> range_strategy;  // the rule's, for the updaters
  // A security update: the target removes these advisories of the current
  // version (docs/ADVISORIES.md). Listed first, under "Security".
  bool security = false;
  struct Advisory {
    std::string id, severity, url;
  };
  std::vector<Advisory> fixes;

  // Stable identity of the item in checklists: "name@target".
  std::string key() const;
};

struct MaintenanceWindow {
  Clock::time_point start;
  Clock::time_point end;
  std::string text;  // "Tue 2026-12-01 02:00–04:00 Europe/London"
};

struct Plan {
  std::string week;             // "2026-W49"
  std::string scan_at;          // when the scan it renders started
  int components = 0;           // observed in that scan
  std::vector<PlanItem> items;  // every update except `ignore`, tier order then group then name
  std::optional<MaintenanceWindow> window;
  std::string window_note;  // why there is no window ("" when there is one)
};

// "2026-W49" for the ISO 8601 week of t (UTC).
std::string iso_week(Clock::time_point t);
// Monday 00:00 UTC of an ISO week; nullopt unless "YYYY-Www" with a week the year has.
std::optional<Clock::time_point> parse_iso_week(std::string_view week);

// The first window of `window` that has not ended at `now`; nullopt when the
// configuration names none. Throws Error(config) for a rule it cannot read.
std::optional<MaintenanceWindow> next_window(const config::Window& window, Clock::time_point now);

// The plan of the given observations (the latest scan's). Throws Error(input)
// when an observation's updates are not the JSON the scan records.
Plan build_plan(const std::vector<store::Observation>& observations, const std::string& scan_at,
                const config::Window& window, Clock::time_point now, const std::string& week);

// GitHub allows 65,536 characters in an issue body; the plan keeps under this.
inline constexpr std::size_t default_max_chars = 60000;

// Markdown. Over max_chars, the lowest tiers are summarised into counts per
// group (then the next tier up), with a pointer to the full plan
// (`full_plan_link` when given, else the CI artifact of `versiond plan --out`).
std::string render_markdown(const Plan& plan, std::size_t max_chars = default_max_chars,
                            const std::string& full_plan_link = {});

nlohmann::json plan_to_json(const Plan& plan);

// The keys of the checklist boxes ticked in a rendered plan ("<!-- versiond:KEY -->").
std::vector<std::string> ticked_keys(const std::string& markdown);
// `markdown` with the boxes of `keys` ticked (maintainers' ticks survive an edit).
std::string tick(const std::string& markdown, const std::vector<std::string>& keys);

}  // namespace versiond::apply
