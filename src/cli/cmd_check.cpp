// versiond check: version tables against what the code pins.
#include <iostream>

#include "cli/commands.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/drift/drift.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/extract/text_table.hpp"

namespace versiond::cli {

namespace {

struct CheckOptions {
  std::string repo = ".";
  std::string format = "text";
  bool strict = false;
};

void print_text(const drift::DriftReport& report) {
  if (!report.has_tables) {
    std::cout << "no VERSIONS.md or VERSION-TRACKING.md table found; nothing to check\n";
    return;
  }
  if (report.findings.empty()) {
    std::cout << "no drift: " << report.rows_checked << " table rows match the code\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"KIND", "NAME", "EXPECTED", "FOUND", "FILE:LINE", "DETAIL"}};
  for (const drift::Finding& f : report.findings) {
    rows.push_back({f.kind, f.name, f.expected.empty() ? "-" : f.expected,
                    f.found.empty() ? "-" : f.found, f.file + ":" + std::to_string(f.line),
                    f.message});
  }
  std::cout << render_text_table(rows);
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Compare VERSIONS.md rows with the files their Location cells name; exit 1 on drift");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  add_format_option(*cmd, opts->format, {"text", "json"});
  cmd->add_flag("--strict", opts->strict,
                "Exit 2 when any file could not be read or parsed (default: report it and check "
                "the rest)");
  cmd->callback([opts, &exit_code] {
    const RepoRoot root(opts->repo);
    const extract::Inventory inv = extract::build_inventory(root);
    const drift::DriftReport report = drift::check_drift(inv.components, root);
    if (opts->format == "json") {
      nlohmann::json out = {{"findings", nlohmann::json::array()}, {"errors", inv.errors}};
      for (const drift::Finding& f : report.findings) {
        out["findings"].push_back(drift::to_json(f));
      }
      std::cout << out.dump(2) << "\n";
    } else {
      print_text(report);
    }
    // Per-file diagnostics: the other files were checked all the same.
    for (const std::string& e : inv.errors) {
      std::cerr << "versiond: " << (opts->strict ? "error: " : "warning: ") << e << "\n";
    }
    if (opts->strict && !inv.errors.empty()) {
      exit_code = exit_code::usage;
    } else {
      exit_code = report.findings.empty() ? exit_code::ok : exit_code::findings;
    }
  });
}

}  // namespace versiond::cli
