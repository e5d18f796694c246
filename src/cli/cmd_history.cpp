// versiond history: what was pinned and seen upstream over time, from the store.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/scan/render.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/history.hpp"
#include "versiond/store/store.hpp"

namespace versiond::cli {

namespace {

struct HistoryCliOptions {
  std::string component;
  std::string repo = ".";
  std::string db;
  std::string format = "text";
  std::string now;
};

}  // namespace

void add_history_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<HistoryCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "history",
      "Timeline of versions pinned locally and seen upstream, and how long each component has "
      "been behind");
  cmd->add_option("component", opts->component, "Component name, package or key (default: all)");
  cmd->add_option("--repo", opts->repo, "Repository directory (locates the default store)")
      ->capture_default_str();
  cmd->add_option("--db", opts->db, "Store file (default: <repo>/.versiond/versiond.db)");
  add_format_option(*cmd, opts->format, {"text", "json"});
  add_now_option(*cmd, opts->now);
  cmd->callback([opts, &exit_code] {
    const auto clock = make_clock(opts->now);
    const std::filesystem::path db = opts->db.empty() ? scan::default_db_path(RepoRoot(opts->repo))
                                                      : std::filesystem::path(opts->db);
    if (!std::filesystem::exists(db)) {
      throw Error(ErrorKind::usage, db.string() + ": no store yet; run `versiond scan` first");
    }
    store::Store store(db, store::OpenMode::read_only);  // history never writes
    const auto now = clock->now();
    const auto history = store::build_history(store, opts->component, now);
    if (!opts->component.empty() && history.empty()) {
      throw Error(ErrorKind::usage, "no recorded component matches '" + opts->component + "'");
    }
    if (opts->format == "json") {
      std::cout << scan::history_to_json(history).dump(2) << "\n";
    } else {
      std::cout << scan::render_history_text(history, now);
    }
    exit_code = exit_code::ok;
  });
}

}  // namespace versiond::cli
