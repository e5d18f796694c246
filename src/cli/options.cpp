// Options shared by several subcommands, declared once so they read the same
// in every --help.
#include <cstdlib>
#include <utility>

#include "cli/commands.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/store.hpp"

namespace versiond::cli {

void add_format_option(CLI::App& cmd, std::string& format, std::vector<std::string> formats) {
  cmd.add_option("--format", format, "Output format")
      ->check(CLI::IsMember(std::move(formats)))
      ->capture_default_str();
}

void add_now_option(CLI::App& cmd, std::string& now) {
  cmd.add_option("--now", now,
                 "Pin \"today\" for release ages, end of life and waits: YYYY-MM-DD or "
                 "YYYY-MM-DDTHH:MM:SSZ (default: $VERSIOND_NOW, else the system clock)");
}

std::unique_ptr<Clock> make_clock(const std::string& now_option) {
  std::string text = now_option;
  std::string origin = "--now";
  if (text.empty()) {
    if (const char* env = std::getenv("VERSIOND_NOW"); env != nullptr && *env != '\0') {
      text = env;
      origin = "VERSIOND_NOW";
    }
  }
  if (text.empty()) {
    return std::make_unique<SystemClock>();
  }
  const auto start = parse_time(text);
  if (!start) {
    throw Error(ErrorKind::usage,
                origin + ": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '" + text + "'");
  }
  return std::make_unique<PinnedClock>(*start);
}

std::filesystem::path recorded_store(const std::string& db_option, const RepoRoot& repo) {
  std::filesystem::path db =
      db_option.empty() ? scan::default_db_path(repo) : std::filesystem::path(db_option);
  if (!std::filesystem::exists(db)) {
    throw Error(ErrorKind::usage,
                "no recorded scan: " + db.string() + " does not exist (run `versiond scan` first)");
  }
  return db;
}

config::Config load_config_for(const std::string& config_option, const RepoRoot& repo) {
  std::optional<std::filesystem::path> config_file;
  if (!config_option.empty()) config_file = std::filesystem::absolute(config_option);
  return config::load_config(repo.path(), config_file);
}

apply::Plan recorded_plan(const std::string& db_option, const RepoRoot& repo,
                          const config::Config& config, Clock::time_point now,
                          const std::string& week) {
  const std::filesystem::path db = recorded_store(db_option, repo);
  store::Store store(db, store::OpenMode::read_only);
  const auto scan = store.latest_scan();
  if (!scan) {
    throw Error(ErrorKind::usage,
                "no recorded scan in " + db.string() + " (run `versiond scan` first)");
  }
  return apply::build_plan(store.latest_observations(), scan->started_at, config.window, now, week);
}

}  // namespace versiond::cli
