// versiond serve: the long-running service (docs/SERVICE.md).
#include <memory>

#include "cli/commands.hpp"
#include "versiond/core/files.hpp"
#include "versiond/daemon/service.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond_commit.hpp"

namespace versiond::cli {

namespace {

struct ServeCliOptions {
  std::string repo = ".";
  std::string config;
  std::string db;
  std::string policy;
};

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ServeCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the configured schedules (scan, apply) for each repository and answer /healthz, "
      "/readyz and /metrics; SIGTERM/SIGINT stop, SIGHUP reloads (docs/SERVICE.md)");
  cmd->add_option("--repo", opts->repo, "The repository when `repositories` is not configured")
      ->capture_default_str();
  cmd->add_option("--config", opts->config, "Configuration file (default: <repo>/versiond.yaml)");
  cmd->add_option("--db", opts->db,
                  "The service's store; its folder is the state directory (default: "
                  "<repo>/.versiond/versiond.db)");
  cmd->add_option("--policy", opts->policy,
                  "Policy file (default: policy_file in versiond.yaml, else the built-in default)");
  cmd->callback([opts, &exit_code] {
    // The real clock: the service runs in real time (tests of the schedule
    // logic use daemon::Scheduler with a ManualClock).
    SystemClock clock;
    const RepoRoot root(opts->repo);
    daemon::ServeOptions options;
    options.repo = root.path();
    if (!opts->config.empty()) options.config_file = std::filesystem::absolute(opts->config);
    options.db = std::filesystem::absolute(opts->db.empty() ? scan::default_db_path(root)
                                                            : std::filesystem::path(opts->db));
    options.clock = &clock;
    options.load_policy = [policy = opts->policy](const config::Config& config,
                                                  const std::filesystem::path& repo) {
      return load_policy_for(policy, config, repo);
    };
    options.version = VERSIOND_VERSION;
    options.commit = VERSIOND_COMMIT;
    exit_code = daemon::serve(options);
  });
}

}  // namespace versiond::cli
