// Subcommand registration. Each add_*_command() adds one subcommand to the
// app; its callback does the work, writes to stdout, and stores the process
// exit code in `exit_code`. Callbacks throw versiond::Error for bad input; the
// one catch site is main.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "versiond/apply/plan.hpp"
#include "versiond/config/config.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/core/files.hpp"
#include "versiond/policy/policy.hpp"

namespace versiond::cli {

// The --format option of the listing subcommands, limited to `formats`; the
// variable's current value is shown as the default in --help.
void add_format_option(CLI::App& cmd, std::string& format, std::vector<std::string> formats);

// --now: pins the clock of a run (see make_clock).
void add_now_option(CLI::App& cmd, std::string& now);

// The clock a run uses: pinned at --now, else at $VERSIOND_NOW, else the
// system clock. Throws Error(usage) naming the option for a bad value.
std::unique_ptr<Clock> make_clock(const std::string& now_option);

// The store a command reads the last scan from: --db, else
// <repo>/.versiond/versiond.db. Throws Error(usage) when the file does not exist.
std::filesystem::path recorded_store(const std::string& db_option, const RepoRoot& repo);

// The configuration of a run: --config FILE, else <repo>/versiond.yaml.
config::Config load_config_for(const std::string& config_option, const RepoRoot& repo);

// The Upgrade Plan of the last scan recorded in the store of --db (see
// recorded_store), as `versiond plan` renders it. Throws Error(usage) when
// the store holds no scan.
apply::Plan recorded_plan(const std::string& db_option, const RepoRoot& repo,
                          const config::Config& config, Clock::time_point now,
                          const std::string& week);

// (one declaration per subcommand, e.g. void add_version_command(CLI::App& app, int& exit_code);)
void add_inventory_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_version_command(CLI::App& app, int& exit_code);
void add_scan_command(CLI::App& app, int& exit_code);
void add_history_command(CLI::App& app, int& exit_code);
void add_update_command(CLI::App& app, int& exit_code);
void add_policy_command(CLI::App& app, int& exit_code);
void add_plan_command(CLI::App& app, int& exit_code);
void add_apply_command(CLI::App& app, int& exit_code);
void add_advisories_command(CLI::App& app, int& exit_code);
void add_window_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);

// Logging of every subcommand: spdlog's default logger on stderr, text or
// JSON lines ("json"), with every registered secret redacted from each
// message before it is written. Throws Error(usage) for an unknown format.
void setup_logging(const std::string& format, const std::string& level);

// What setup_logging was last given (serve passes it on to versiond-serve).
struct LogSettings {
  std::string format = "text";
  std::string level;  // "" = spdlog's default
};
const LogSettings& log_settings();

// The policy a command decides with: --policy FILE, else versiond.yaml's
// policy_file (repository-relative), else the embedded default. Throws
// Error(config) listing every error of an invalid file.
policy::Policy load_policy_for(const std::string& option, const config::Config& config,
                               const std::filesystem::path& repo);

// The file that policy comes from: --policy, else policy_file under the
// repository; "" for the embedded default.
std::filesystem::path policy_path(const std::string& option, const config::Config& config,
                                  const std::filesystem::path& repo);

}  // namespace versiond::cli
