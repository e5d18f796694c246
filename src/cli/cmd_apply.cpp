// versiond apply: scan → decide → act on GitHub (the week's plan issue and the
// `versiond run failed` issue), writing as little as possible.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "versiond/apply/run.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/scan/scan.hpp"

namespace versiond::cli {

namespace {

struct ApplyCliOptions {
  std::string repo = ".";
  std::string db;
  std::string config;
  std::string policy;
  std::string now;
  std::string format = "text";
  bool dry_run = false;
  bool no_scan = false;
  int write_interval_ms = 1000;
};

nlohmann::json to_json(const apply::ApplyResult& r, bool dry_run) {
  nlohmann::json writes = nlohmann::json::array();
  for (const auto& w : r.writes)
    writes.push_back({{"method", w.method}, {"path", w.path}, {"summary", w.summary}});
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : r.failures) failures.push_back(f.describe());
  nlohmann::json diffs = nlohmann::json::object();
  for (const auto& [branch, patch] : r.diffs) diffs[branch] = patch;
  return {{"dry_run", dry_run},
          {"writes", writes},
          {"plan_issue", r.plan_issue ? nlohmann::json(*r.plan_issue) : nlohmann::json(nullptr)},
          {"notes", r.notes},
          {"failures", failures},
          {"diffs", diffs}};
}

}  // namespace

void add_apply_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ApplyCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "apply", "Scan, decide and act on GitHub: the week's Upgrade Plan issue (docs/FORGE.md)");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  cmd->add_option("--db", opts->db, "Store file (default: <repo>/.versiond/versiond.db)");
  cmd->add_option("--config", opts->config, "Configuration file (default: <repo>/versiond.yaml)");
  cmd->add_option("--policy", opts->policy,
                  "Policy file (default: policy_file in versiond.yaml, else the built-in default)");
  cmd->add_flag("--dry-run", opts->dry_run,
                "Print every write it would make (method, path, summary) and make none");
  cmd->add_flag("--no-scan", opts->no_scan, "Act on the last recorded scan instead of scanning");
  cmd->add_option("--write-interval-ms", opts->write_interval_ms,
                  "Least time between two writes to GitHub")
      ->capture_default_str();
  add_format_option(*cmd, opts->format, {"text", "json"});
  add_now_option(*cmd, opts->now);
  cmd->callback([opts, &exit_code] {
    const auto clock = make_clock(opts->now);
    const RepoRoot root(opts->repo);
    std::optional<std::filesystem::path> config_file;
    if (!opts->config.empty()) config_file = std::filesystem::absolute(opts->config);
    const config::Config config = config::load_config(root.path(), config_file);
    const std::filesystem::path config_dir = config_file ? config_file->parent_path() : root.path();
    const std::filesystem::path db =
        opts->db.empty() ? scan::default_db_path(root) : std::filesystem::path(opts->db);
    apply::RunOptions options;
    options.repo = root.path();
    options.config_dir = config_dir;
    options.db = db;
    options.dry_run = opts->dry_run;
    options.scan = !opts->no_scan;
    options.write_interval = std::chrono::milliseconds(opts->write_interval_ms);
    options.clock = clock.get();
    options.load_policy = [&] { return load_policy_for(opts->policy, config, root.path()); };
    const apply::RunReport report = apply::run_apply(config, options);
    const apply::ApplyResult& result = report.result;

    if (opts->format == "json") {
      std::cout << to_json(result, opts->dry_run).dump(2) << "\n";
    } else {
      for (const auto& w : result.writes) {
        std::cout << (opts->dry_run ? "would " : "") << w.method << " " << w.path << "  "
                  << w.summary << "\n";
      }
      for (const auto& [branch, patch] : result.diffs) {
        std::cout << "--- would push " << branch << ":\n" << patch;
      }
      for (const auto& n : result.notes) std::cout << n << "\n";
      for (const auto& f : result.failures) std::cout << "failed: " << f.describe() << "\n";
      std::cout << result.writes.size() << (opts->dry_run ? " writes would be made" : " writes")
                << "\n";
    }
    exit_code = report.failure ? exit_code::partial : exit_code::ok;
  });
}

}  // namespace versiond::cli
