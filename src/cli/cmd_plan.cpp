// versiond plan: the week's Upgrade Plan from the last recorded scan, rendered
// locally with no writes anywhere but --out.
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "versiond/apply/plan.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/store/store.hpp"

namespace versiond::cli {

namespace {

struct PlanCliOptions {
  std::string repo = ".";
  std::string db;
  std::string config;
  std::string week;
  std::string format = "markdown";
  std::string out;
  std::string now;
  std::size_t max_chars = apply::default_max_chars;
};

}  // namespace

void add_plan_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<PlanCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "plan",
      "Render the week's Upgrade Plan from the last recorded scan (no writes; see `apply`)");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  cmd->add_option("--db", opts->db, "Store file (default: <repo>/.versiond/versiond.db)");
  cmd->add_option("--config", opts->config, "Configuration file (default: <repo>/versiond.yaml)");
  cmd->add_option("--week", opts->week, "ISO week the plan is for, e.g. 2026-W49 (default: now's)");
  cmd->add_option("--out", opts->out, "Also write the full Markdown plan to FILE (CI artifact)");
  cmd->add_option("--max-chars", opts->max_chars,
                  "Summarise lower tiers above this many characters")
      ->capture_default_str();
  add_format_option(*cmd, opts->format, {"markdown", "json"});
  add_now_option(*cmd, opts->now);
  cmd->callback([opts, &exit_code] {
    const auto clock = make_clock(opts->now);
    Clock::time_point now = clock->now();
    std::string week = apply::iso_week(now);
    if (!opts->week.empty()) {
      const auto monday = apply::parse_iso_week(opts->week);
      if (!monday) {
        throw Error(ErrorKind::usage, "--week '" + opts->week + "': expected YYYY-Www (2026-W49)");
      }
      week = opts->week;
      if (*monday > now) now = *monday;  // a future week: ages and the window as of its Monday
    }
    const RepoRoot root(opts->repo);
    const config::Config config = load_config_for(opts->config, root);
    const apply::Plan plan = recorded_plan(opts->db, root, config, now, week);
    if (!opts->out.empty()) {
      write_file_atomic(opts->out, apply::render_markdown(plan, std::string::npos));
    }
    if (opts->format == "json") {
      std::cout << apply::plan_to_json(plan).dump(2) << "\n";
    } else {
      std::cout << apply::render_markdown(plan, opts->max_chars,
                                          opts->out.empty() ? std::string() : opts->out);
    }
    exit_code = exit_code::ok;
  });
}

}  // namespace versiond::cli
