// The maintainers' checklist for the next maintenance window (`versiond
// window`): from the last recorded scan's Upgrade Plan, the items that need a
// human in the window, in a safe order (what must move first before what it
// unblocks, then tier high → low, then group, then name), each with its
// pre-checks, the change, the verification and the rollback; then what will
// not be ready yet and the sign-off lines. Rendered as Markdown or JSON. Pure:
// every date comes from the window it is given.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "versiond/apply/plan.hpp"
#include "versiond/config/config.hpp"

namespace versiond::apply {

// One line of a step: versiond's own words, then a value as it came (a name,
// a version, a URL from upstream, a path of this repository), which the
// Markdown shows as a code span or, for an http(s) `url`, a link.
struct WindowNote {
  std::string text;
  std::string value;
  bool url = false;
};

struct WindowStep {
  PlanItem item;
  std::vector<WindowNote> prechecks;
  std::string branch;   // the auto-PR branch carrying the component, "" = none
  std::string command;  // `versiond update --set NAME=TARGET`
  std::vector<WindowNote> verify;
  std::string rollback_command;  // `versiond update --set NAME=CURRENT`
};

struct WindowChecklist {
  MaintenanceWindow window;
  std::string tz;    // the window's time zone
  std::string date;  // the window's first day in that zone, YYYY-MM-DD
  std::string scan_at;
  std::vector<WindowStep> steps;    // in the order to apply them
  std::vector<PlanItem> not_ready;  // `wait` items ready only after the window's day
};

// The window a checklist is for: with `date`, the first window of `window`
// not ended at that day's 00:00 UTC, or, when no window is configured, that
// whole day in UTC; without `date`, the next window at `now`. nullopt when
// neither a date nor a window is configured.
std::optional<MaintenanceWindow> checklist_window(const config::Window& window,
                                                  std::optional<std::chrono::sys_days> date,
                                                  Clock::time_point now);

// The checklist of `plan` for `window` (whose times read in `tz`).
WindowChecklist build_window_checklist(const Plan& plan, const MaintenanceWindow& window,
                                       const std::string& tz);

std::string render_window_markdown(const WindowChecklist& checklist);
nlohmann::json window_to_json(const WindowChecklist& checklist);

}  // namespace versiond::apply
