// versiond-serve: the long-running process of `versiond serve`, which
// replaces itself with this program. It links only the service's own code
// (schedules, store bookkeeping, HTTP, metrics) and runs every configuration
// load and job as a child process of the full versiond binary named by
// --versiond, so an idle service maps no libcurl, libgit2 or yaml-cpp
// (docs/SERVICE.md, "Processes"; docs/PERFORMANCE.md, "Service footprint").
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "versiond/core/error.hpp"
#include "versiond/daemon/service.hpp"
#include "versiond_commit.hpp"

namespace {

int run(int argc, char** argv) {
  std::signal(SIGXFSZ, SIG_IGN);  // as in versiond: a full disk fails a write, not the process
  spdlog::set_default_logger(spdlog::stderr_color_mt("versiond"));
  CLI::App app{"versiond-serve: the service process of `versiond serve` (start it that way)",
               "versiond-serve"};
  std::string versiond;
  std::string repo;
  std::string config;
  std::string db;
  std::string policy;
  std::string log_format = "text";
  std::string log_level = "info";
  app.add_option("--versiond", versiond, "The versiond binary that runs the jobs")->required();
  app.add_option("--repo", repo, "The repository when `repositories` is not configured")
      ->required();
  app.add_option("--config", config, "Configuration file");
  app.add_option("--db", db, "The service's store")->required();
  app.add_option("--policy", policy, "Policy file");
  app.add_option("--log-format", log_format)->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", log_level)
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help exits 0; every usage error 2, as versiond's own.
    return app.exit(e) == 0 ? versiond::exit_code::ok : versiond::exit_code::usage;
  }
  versiond::cli::setup_logging(log_format, log_level);
  // The real clock: the service runs in real time (tests of the schedule
  // logic use daemon::Scheduler with a ManualClock).
  versiond::SystemClock clock;
  versiond::daemon::ServeOptions o;
  o.versiond = versiond;
  o.child_options = {"--log-format", log_format, "--log-level", log_level};
  o.repo = repo;
  if (!config.empty()) o.config_file = config;
  o.policy = policy;
  o.db = db;
  o.clock = &clock;
  o.version = VERSIOND_VERSION;
  o.commit = VERSIOND_COMMIT;
  return versiond::daemon::serve(o);
}

}  // namespace

int main(int argc, char** argv) {
  // The one place where errors become messages and exit codes, as in versiond.
  try {
    return run(argc, argv);
  } catch (const versiond::Error& e) {
    std::cerr << "versiond: error: " << e.what() << "\n";
    return e.kind() == versiond::ErrorKind::internal ? versiond::exit_code::internal
                                                     : versiond::exit_code::usage;
  } catch (const std::exception& e) {
    std::cerr << "versiond: internal error: " << e.what() << "\n";
    return versiond::exit_code::internal;
  } catch (...) {
    std::fputs("versiond: internal error while starting\n", stderr);
    return versiond::exit_code::internal;
  }
}
