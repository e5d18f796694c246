// versiond window: the checklist for the next maintenance window, from the
// last recorded scan's Upgrade Plan, rendered locally with no writes anywhere
// but --out.
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "versiond/apply/window.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"

namespace versiond::cli {

namespace {

struct WindowCliOptions {
  std::string repo = ".";
  std::string db;
  std::string config;
  std::string date;
  std::string format = "markdown";
  std::string out;
  std::string now;
};

std::optional<std::chrono::sys_days> parse_date(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto t = parse_time(text);
  if (!t || text.size() != 10) {
    throw Error(ErrorKind::usage, "--date '" + text + "': expected YYYY-MM-DD");
  }
  return std::chrono::floor<std::chrono::days>(*t);
}

}  // namespace

void add_window_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<WindowCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "window",
      "Render the checklist of the next maintenance window from the last recorded scan (no "
      "writes)");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  cmd->add_option("--db", opts->db, "Store file (default: <repo>/.versiond/versiond.db)");
  cmd->add_option("--config", opts->config, "Configuration file (default: <repo>/versiond.yaml)");
  cmd->add_option("--date", opts->date,
                  "The window on or after this day, YYYY-MM-DD (without `window:` in the "
                  "configuration: that whole day in UTC)");
  cmd->add_option("--out", opts->out, "Also write the Markdown checklist to FILE");
  add_format_option(*cmd, opts->format, {"markdown", "json"});
  add_now_option(*cmd, opts->now);
  cmd->callback([opts, &exit_code] {
    const auto clock = make_clock(opts->now);
    const Clock::time_point now = clock->now();
    const auto date = parse_date(opts->date);
    const RepoRoot root(opts->repo);
    const config::Config config = load_config_for(opts->config, root);
    const auto window = apply::checklist_window(config.window, date, now);
    if (!window) {
      throw Error(ErrorKind::usage,
                  "no maintenance window: set `window:` in versiond.yaml or pass --date");
    }
    const apply::Plan plan = recorded_plan(opts->db, root, config, now, apply::iso_week(now));
    const bool configured = !config.window.rrule.empty() || !config.window.cron.empty();
    const apply::WindowChecklist checklist = apply::build_window_checklist(
        plan, *window, configured ? config.window.tz : std::string("UTC"));
    const std::string markdown = apply::render_window_markdown(checklist);
    if (!opts->out.empty()) write_file_atomic(opts->out, markdown);
    if (opts->format == "json") {
      std::cout << apply::window_to_json(checklist).dump(2) << "\n";
    } else {
      std::cout << markdown;
    }
    exit_code = exit_code::ok;
  });
}

}  // namespace versiond::cli
