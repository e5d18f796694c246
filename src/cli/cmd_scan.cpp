// versiond scan: inventory, upstream lookups, decisions, recorded in the store.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/scan/render.hpp"
#include "versiond/scan/scan.hpp"

namespace versiond::cli {

namespace {

struct ScanCliOptions {
  std::string repo = ".";
  std::string config;
  std::string db;
  std::string format = "text";
  bool offline = false;
  bool strict = false;
  std::string policy;
  std::string now;
};

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ScanCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "scan",
      "Look up every component upstream: best update under its constraint, newest overall, bump, "
      "release age, end of life; record the scan in the store. Exit 0 completed, 3 some lookups "
      "failed, 2 usage or configuration error");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  cmd->add_option("--config", opts->config, "Configuration file (default: <repo>/versiond.yaml)");
  cmd->add_option("--db", opts->db, "Store file (default: <repo>/.versiond/versiond.db)");
  add_format_option(*cmd, opts->format, {"text", "json", "markdown"});
  cmd->add_flag("--offline", opts->offline, "Answer from the store only: no network, no writes");
  add_now_option(*cmd, opts->now);
  cmd->add_flag("--strict", opts->strict,
                "Exit 2 when any file could not be read or parsed (default: report it and scan "
                "the rest)");
  cmd->add_option("--policy", opts->policy,
                  "Policy file (default: policy_file in versiond.yaml, else the built-in default)");
  cmd->callback([opts, &exit_code] {
    const auto clock = make_clock(opts->now);
    const RepoRoot root(opts->repo);
    std::optional<std::filesystem::path> config_file;
    if (!opts->config.empty()) {
      config_file = std::filesystem::absolute(opts->config);
    }
    const config::Config config = config::load_config(root.path(), config_file);
    scan::ScanOptions options;
    options.repo = root.path();
    options.config_dir = config_file ? config_file->parent_path() : root.path();
    options.db = opts->db.empty() ? scan::default_db_path(root) : std::filesystem::path(opts->db);
    options.offline = opts->offline;
    options.clock = clock.get();
    // An invalid policy stops the scan before anything is looked up or recorded.
    const policy::Policy policy = load_policy_for(opts->policy, config, root.path());
    options.policy = &policy;
    const scan::ScanReport report = scan::run_scan(config, options);
    if (opts->format == "json") {
      std::cout << scan::scan_to_json(report).dump(2) << "\n";
    } else if (opts->format == "markdown") {
      std::cout << scan::render_scan_markdown(report);
    } else {
      std::cout << scan::render_scan_text(report);
    }
    for (const auto& e : report.inventory_errors) {
      std::cerr << "versiond: " << (opts->strict ? "error: " : "warning: ") << e << "\n";
    }
    exit_code =
        opts->strict && !report.inventory_errors.empty() ? exit_code::usage : report.exit_code();
  });
}

}  // namespace versiond::cli
