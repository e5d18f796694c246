// versiond advisories: the components a security advisory affects, from the
// last scan in the store (docs/ADVISORIES.md). A CI gate with --fail-on.
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "versiond/advisory/record.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/scan/render.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/advisories.hpp"
#include "versiond/store/store.hpp"

namespace versiond::cli {

namespace {

struct AdvisoriesCliOptions {
  std::string repo = ".";
  std::string db;
  std::string format = "text";
  std::string min_severity = "unknown";
  std::string fail_on;
};

struct Row {
  store::Observation observation;
  nlohmann::json advisories;  // those at or above --min-severity
};

advisory::Severity severity_of(const nlohmann::json& a) {
  return advisory::parse_severity(a.value("severity", std::string("unknown")))
      .value_or(advisory::Severity::unknown);
}

std::string cell(std::string s) {
  for (auto& c : s) {
    if (c == '|' || c == '\n') c = ' ';
  }
  return s.empty() ? "-" : s;
}

std::string first_seen(const std::vector<store::Exposure>& exposures, const std::string& key,
                       const std::string& id) {
  for (const auto& e : exposures) {
    if (e.component_key == key && e.advisory_id == id && e.resolved_at.empty()) {
      return e.first_seen_at;
    }
  }
  return "";
}

}  // namespace

void add_advisories_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<AdvisoriesCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "advisories",
      "Components a security advisory affects, from the last scan (exit 1 with --fail-on when "
      "an advisory at or above that severity remains)");
  cmd->add_option("--repo", opts->repo, "Repository directory (locates the default store)")
      ->capture_default_str();
  cmd->add_option("--db", opts->db, "Store file (default: <repo>/.versiond/versiond.db)");
  add_format_option(*cmd, opts->format, {"text", "json", "markdown"});
  const std::vector<std::string> levels{"unknown", "low", "medium", "high", "critical"};
  cmd->add_option("--min-severity", opts->min_severity, "List advisories at or above this")
      ->check(CLI::IsMember(levels))
      ->capture_default_str();
  cmd->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when an advisory at or above this severity affects a component")
      ->check(CLI::IsMember(levels));
  cmd->callback([opts, &exit_code] {
    const std::filesystem::path db = opts->db.empty() ? scan::default_db_path(RepoRoot(opts->repo))
                                                      : std::filesystem::path(opts->db);
    if (!std::filesystem::exists(db)) {
      throw Error(ErrorKind::usage, db.string() + ": no store yet; run `versiond scan` first");
    }
    store::Store store(db, store::OpenMode::read_only);
    const auto min = *advisory::parse_severity(opts->min_severity);
    const auto exposures = store::exposures(store.db());
    std::vector<Row> rows;
    std::map<std::string, int> statuses;
    bool fail = false;
    for (auto& o : store.latest_observations()) {
      ++statuses[o.advisory_status.empty() ? "unchecked" : o.advisory_status];
      if (o.advisory_status != "affected" || o.advisories.empty()) continue;
      const auto all = nlohmann::json::parse(o.advisories, nullptr, false);
      if (!all.is_array()) continue;
      Row row{o, nlohmann::json::array()};
      for (auto a : all) {
        const auto s = severity_of(a);
        if (!opts->fail_on.empty() && s >= *advisory::parse_severity(opts->fail_on)) fail = true;
        if (s < min) continue;
        a["first_seen_at"] = first_seen(exposures, o.component_key, a.value("id", ""));
        row.advisories.push_back(std::move(a));
      }
      if (!row.advisories.empty()) rows.push_back(std::move(row));
    }
    std::ostringstream summary;
    summary << rows.size() << " affected components at or above " << opts->min_severity << " ("
            << statuses["affected"] << " affected, " << statuses["not_affected"]
            << " not affected, " << statuses["no_source"] << " without an advisory source, "
            << statuses["incomplete"] << " with incomplete data, " << statuses["failed"]
            << " failed checks)";
    if (opts->format == "json") {
      nlohmann::json out;
      out["components"] = nlohmann::json::array();
      for (const auto& r : rows) {
        out["components"].push_back(
            {{"key", r.observation.component_key},
             {"name", r.observation.name},
             {"file", r.observation.file},
             {"current", r.observation.current},
             {"safe_target", r.observation.safe_target.empty()
                                 ? nlohmann::json()
                                 : nlohmann::json(r.observation.safe_target)},
             {"advisories", r.advisories}});
      }
      out["counts"] = statuses;
      out["attribution"] = std::string(scan::advisory_attribution());
      std::cout << out.dump(2) << "\n";
    } else if (opts->format == "markdown") {
      std::cout << "### Security advisories\n\n" << summary.str() << "\n\n";
      if (!rows.empty()) {
        std::cout << "| Component | File | Current | Advisory | Severity | Fixed | Safe target | "
                     "First seen |\n|---|---|---|---|---|---|---|---|\n";
        for (const auto& r : rows) {
          for (const auto& a : r.advisories) {
            std::string fixed;
            for (const auto& f : a["fixed"])
              fixed += (fixed.empty() ? "" : ", ") + f.get<std::string>();
            std::cout << "| " << cell(r.observation.name) << " | `" << cell(r.observation.file)
                      << "` | `" << cell(r.observation.current) << "` | [" << a.value("id", "")
                      << "](" << a.value("url", "") << ") | " << a.value("severity", "") << " | "
                      << cell(fixed) << " | " << cell(r.observation.safe_target) << " | "
                      << cell(a.value("first_seen_at", "").substr(0, 10)) << " |\n";
          }
        }
        std::cout << "\n" << scan::advisory_attribution() << "\n";
      }
    } else {
      std::cout << summary.str() << "\n";
      for (const auto& r : rows) {
        std::cout << "\n"
                  << r.observation.name << " " << r.observation.current << " ("
                  << r.observation.file << ")"
                  << (r.observation.safe_target.empty()
                          ? ": no safe target"
                          : ": safe target " + r.observation.safe_target)
                  << "\n";
        for (const auto& a : r.advisories) {
          std::cout << "  " << a.value("id", "") << " " << a.value("severity", "") << ": "
                    << a.value("summary", "") << "\n    affected " << a.value("affected", "")
                    << "; first seen " << a.value("first_seen_at", "").substr(0, 10) << "; "
                    << a.value("url", "") << "\n";
        }
      }
      if (!rows.empty()) std::cout << "\n" << scan::advisory_attribution() << "\n";
    }
    exit_code = fail ? exit_code::findings : exit_code::ok;
  });
}

}  // namespace versiond::cli
