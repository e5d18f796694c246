// Subcommand registration. Each add_*_command() adds one subcommand to the
// app; its callback does the work, writes to stdout, and stores the process
// exit code in `exit_code`. Callbacks throw versiond::Error for bad input; the
// one catch site is main.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "versiond/config/config.hpp"
#include "versiond/policy/policy.hpp"

namespace versiond::cli {

// The --format option of the listing subcommands, limited to `formats`; the
// variable's current value is shown as the default in --help.
void add_format_option(CLI::App& cmd, std::string& format, std::vector<std::string> formats);

// (one declaration per subcommand, e.g. void add_version_command(CLI::App& app, int& exit_code);)
void add_inventory_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_version_command(CLI::App& app, int& exit_code);
void add_scan_command(CLI::App& app, int& exit_code);
void add_history_command(CLI::App& app, int& exit_code);
void add_policy_command(CLI::App& app, int& exit_code);

// The policy a command decides with: --policy FILE, else versiond.yaml's
// policy_file (repository-relative), else the embedded default. Throws
// Error(config) listing every error of an invalid file.
policy::Policy load_policy_for(const std::string& option, const config::Config& config,
                               const std::filesystem::path& repo);
// --now: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; throws Error(usage) otherwise.
std::chrono::system_clock::time_point parse_now_option(const std::string& text);

}  // namespace versiond::cli
